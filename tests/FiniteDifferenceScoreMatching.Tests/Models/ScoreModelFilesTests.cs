using FiniteDifferenceScoreMatching.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Models;

public sealed class ScoreModelFilesTests : IDisposable
{
    private static readonly MlpOptions TwoD = new() { Dimension = 2, HiddenWidths = [16, 8], Activation = Activation.Silu };
    private static readonly NoiseSchedule Noise = NoiseSchedule.Geometric(5, 0.05, 6);
    private static readonly double[,] Points = { { -1.5, 0.25 }, { 0, 0 }, { 0.7, -2 }, { 3, 1.25 } };

    private readonly string _folder = Directory.CreateTempSubdirectory("fdsm-files-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Formats => new() { "safetensors", "pytorch" };

    [Fact]
    public void FileNames_LayerStack_AreThoseOfTheEquivalentSequential()
    {
        using var model = new MlpScoreModel(1, TwoD);

        ScoreModelFiles.FileNames(model).Select(p => p.FileName).Should().Equal("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias");
        ScoreModelFiles.FileNames(model).Select(p => p.ModelName).Should().Equal("hidden0.weight", "hidden0.bias", "hidden1.weight", "hidden1.bias", "output.weight", "output.bias");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Load_MlpScoreModel_GivesIdenticalScores(string format)
    {
        using var source = new MlpScoreModel(1, TwoD);
        using var target = new MlpScoreModel(2, TwoD);
        var path = Path.Combine(_folder, "mlp." + format);

        Save(source, path, format);
        Load(target, path, format);

        target.ScoreAt(Points).Should().BeEquivalentTo(source.ScoreAt(Points), o => o.WithStrictOrdering());
        ParameterSnapshot.Capture(target).Flatten().Should().Equal(ParameterSnapshot.Capture(source).Flatten());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Load_NoiseConditionalScoreModel_GivesIdenticalScoresAtEveryLevel(string format)
    {
        var options = TwoD with { DType = ScalarType.Float64 };
        using var source = new NoiseConditionalScoreModel(1, Noise, options, dataScale: 2);
        using var target = new NoiseConditionalScoreModel(2, Noise, options, dataScale: 2);
        var path = Path.Combine(_folder, "ncsn." + format);

        Save(source, path, format);
        Load(target, path, format);

        using var scope = NewDisposeScope();
        var x = tensor(new double[] { -1.5, 0.25, 0, 0, 0.7, -2, 3, 1.25 }, [4, 2], ScalarType.Float64);
        var sigma = tensor(new[] { 5, 1, 0.2, 0.05 }, ScalarType.Float64);
        target.Score(x, sigma).data<double>().ToArray().Should().Equal(source.Score(x, sigma).data<double>().ToArray());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Load_OtherArchitecture_ThrowsNamingTheParameterAndLeavesTheModelUnchanged(string format)
    {
        using var source = new MlpScoreModel(1, TwoD);
        using var target = new MlpScoreModel(2, TwoD with { HiddenWidths = [16, 4] });
        var path = Path.Combine(_folder, "mlp." + format);
        Save(source, path, format);
        var before = ParameterSnapshot.Capture(target).Flatten();

        var act = () => Load(target, path, format);

        act.Should().Throw<ArgumentException>().WithMessage("*'2.weight' (the model's 'hidden1.weight') is [8, 16]*but [4, 16]*");
        ParameterSnapshot.Capture(target).Flatten().Should().Equal(before);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Load_MoreLayers_ThrowsNamingTheMissingParameter(string format)
    {
        // The file's 0, 2 and 4 fit the first three layers of 2 → 16 → 8 → 2 → 2; its output layer, 6, is missing.
        using var source = new MlpScoreModel(1, TwoD);
        using var target = new MlpScoreModel(2, TwoD with { HiddenWidths = [16, 8, 2] });
        var path = Path.Combine(_folder, "mlp." + format);
        Save(source, path, format);
        var before = ParameterSnapshot.Capture(target).Flatten();

        var act = () => Load(target, path, format);

        act.Should().Throw<ArgumentException>().WithMessage("*no parameter '6.weight' (the model's 'output.weight')*");
        ParameterSnapshot.Capture(target).Flatten().Should().Equal(before);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Load_FewerLayers_ThrowsNamingTheExtraParameter(string format)
    {
        // 2 → 16 → 8 → 2 → 2 has 0, 2 and 4 of the shapes of 2 → 16 → 8 → 2, and a layer 6 besides.
        using var source = new MlpScoreModel(1, TwoD with { HiddenWidths = [16, 8, 2] });
        using var target = new MlpScoreModel(2, TwoD);
        var path = Path.Combine(_folder, "mlp." + format);
        Save(source, path, format);
        var before = ParameterSnapshot.Capture(target).Flatten();

        var act = () => Load(target, path, format);

        act.Should().Throw<ArgumentException>().WithMessage("*a parameter '6.*' that the model does not have*");
        ParameterSnapshot.Capture(target).Flatten().Should().Equal(before);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Load_OtherDType_ThrowsNamingBothDTypes(string format)
    {
        using var source = new MlpScoreModel(1, TwoD with { DType = ScalarType.Float64 });
        using var target = new MlpScoreModel(2, TwoD);
        var path = Path.Combine(_folder, "mlp." + format);
        Save(source, path, format);

        var act = () => Load(target, path, format);

        act.Should().Throw<ArgumentException>().WithMessage("*'0.weight'*Float64*Float32*");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Load_CorruptFile_ThrowsInvalidDataAndLeavesTheModelUnchanged(string format)
    {
        using var source = new MlpScoreModel(1, TwoD);
        using var target = new MlpScoreModel(2, TwoD);
        var path = Path.Combine(_folder, "mlp." + format);
        Save(source, path, format);
        var good = File.ReadAllBytes(path);
        var pristine = ParameterSnapshot.Capture(target);
        var random = new Random(7);
        var noise = new byte[good.Length];
        random.NextBytes(noise);

        foreach (var bytes in new[] { [], good[..9], good[..(good.Length / 2)], good[..^1], noise })
        {
            File.WriteAllBytes(path, bytes);

            var act = () => Load(target, path, format);

            act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*");
            ParameterSnapshot.Capture(target).Flatten().Should().Equal(pristine.Flatten());
        }

        // Single flipped bits in the header and the first bytes: each gives a clear refusal, or a well-formed file of
        // finite values that fits the model and so loads; never a crash or a half-loaded model.
        for (var i = 0; i < 40; i++)
        {
            var flipped = (byte[])good.Clone();
            flipped[random.Next(Math.Min(flipped.Length, 300))] ^= (byte)(1 << random.Next(8));
            File.WriteAllBytes(path, flipped);
            try
            {
                Load(target, path, format);
                pristine.RestoreInto(target);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException)
            {
                ParameterSnapshot.Capture(target).Flatten().Should().Equal(pristine.Flatten());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Save_NotFiniteValue_ThrowsAndWritesNothing(string format)
    {
        using var source = new MlpScoreModel(1, TwoD);
        using var target = new MlpScoreModel(2, TwoD);
        var path = Path.Combine(_folder, "mlp." + format);
        using (no_grad())
        {
            source.NamedParameters().First().Parameter[0, 0] = float.NaN;
        }

        var save = () => Save(source, path, format);

        save.Should().Throw<InvalidOperationException>().WithMessage("*'hidden0.weight'*not finite*");
        File.Exists(path).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void SaveAndLoad_LeaveNoTensorBehind(string format)
    {
        using var source = new MlpScoreModel(1, TwoD);
        using var target = new MlpScoreModel(2, TwoD);
        using var other = new MlpScoreModel(3, TwoD with { HiddenWidths = [4] });
        var path = Path.Combine(_folder, "mlp." + format);
        Save(source, path, format);
        Load(target, path, format);

        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 5; i++)
        {
            Save(source, path, format);
            Load(target, path, format);
            var act = () => Load(other, path, format);
            act.Should().Throw<ArgumentException>();
        }

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Fact]
    public void Save_ReplacesAnExistingFileWithoutLeavingATemporary()
    {
        using var model = new MlpScoreModel(1, TwoD);
        var path = Path.Combine(_folder, "mlp.safetensors");
        File.WriteAllText(path, "previous");

        model.SaveSafetensors(path);

        Directory.GetFiles(_folder).Should().Equal(path);
        new FileInfo(path).Length.Should().BeGreaterThan(8);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Load_OtherDType_NamesTheParameterOnceWhenTheModelCallsItTheSame(string format)
    {
        using var source = new ModuleScoreModel(nn.Linear(1, 1, dtype: ScalarType.Float64));
        using var target = new ModuleScoreModel(nn.Linear(1, 1));
        var path = Path.Combine(_folder, "linear." + format);
        Save(source, path, format);

        var act = () => Load(target, path, format);

        act.Should().Throw<ArgumentException>().WithParameterName("model").WithMessage($"The parameter 'weight' is Float64 in '{path}' but Float32 in the model.*");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Load_OtherDType_NamesTheLayerStacksParameterBothWays(string format)
    {
        using var source = new MlpScoreModel(1, TwoD with { DType = ScalarType.Float64 });
        using var target = new MlpScoreModel(2, TwoD);
        var path = Path.Combine(_folder, "mlp." + format);
        Save(source, path, format);

        var act = () => Load(target, path, format);

        act.Should().Throw<ArgumentException>().WithMessage($"The parameter '0.weight' (the model's 'hidden0.weight') is Float64 in '{path}' but Float32 in the model.*");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Load_NotFiniteValueInTheFile_ThrowsInvalidDataNamingItAndLeavesTheModelUnchanged(string format)
    {
        using var target = new ModuleScoreModel(nn.Linear(1, 1));
        var before = ParameterSnapshot.Capture(target).Flatten();
        var path = Path.Combine(_folder, "linear." + format);
        using (var scope = NewDisposeScope())
        {
            var state = new Dictionary<string, Tensor> { ["weight"] = full(1, 1, float.PositiveInfinity), ["bias"] = zeros(1) };
            using var stream = File.Create(path);
            if (format == "safetensors")
            {
                Safetensors.SaveStateDict(stream, state, leaveOpen: true);
            }
            else
            {
                PyTorchPickler.PickleStateDict(stream, state, leaveOpen: true);
            }
        }

        var act = () => Load(target, path, format);

        act.Should().Throw<InvalidDataException>().WithMessage($"The parameter 'weight' in '{path}' has a value that is not finite.");
        ParameterSnapshot.Capture(target).Flatten().Should().Equal(before);
    }

    [Fact]
    public void FileNames_EnergyModels_AreSequentialNamesForTheLibrarysNetworkAndTheModulesOwnOtherwise()
    {
        using var network = new EnergyScoreModel(1, TwoD with { Activation = Activation.Softplus, HiddenWidths = [4] });
        using var custom = new EnergyScoreModel(new ConsumerCode.QuadraticEnergy(1), dimension: 2);

        ScoreModelFiles.FileNames(network).Select(p => p.FileName).Should().Equal("0.weight", "0.bias", "2.weight", "2.bias");
        ScoreModelFiles.FileNames(custom).Select(p => (p.FileName, p.ModelName)).Should().Equal(custom.NamedParameters().Select(p => (p.Name, p.Name)));
    }

    [Fact]
    public void SaveAndLoad_NullModelOrEmptyPath_ThrowNamingThem()
    {
        using var model = new MlpScoreModel(1, TwoD);
        var path = Path.Combine(_folder, "mlp.safetensors");
        model.SaveSafetensors(path);

        ((Action)(() => ((IScoreModel)null!).SaveSafetensors(path))).Should().Throw<ArgumentNullException>().WithParameterName("model");
        ((Action)(() => model.SavePyTorch(string.Empty))).Should().Throw<ArgumentException>().WithParameterName("path");
        ((Action)(() => model.SaveSafetensors(null!))).Should().Throw<ArgumentNullException>().WithParameterName("path");
        ((Action)(() => ((IScoreModel)null!).LoadSafetensors(path))).Should().Throw<ArgumentNullException>().WithParameterName("model");
        ((Action)(() => model.LoadPyTorch(string.Empty))).Should().Throw<ArgumentException>().WithParameterName("path");
        ((Action)(() => model.LoadSafetensors(null!))).Should().Throw<ArgumentNullException>().WithParameterName("path");
    }

    private static void Save(IScoreModel model, string path, string format)
    {
        if (format == "safetensors")
        {
            model.SaveSafetensors(path);
        }
        else
        {
            model.SavePyTorch(path);
        }
    }

    private static void Load(IScoreModel model, string path, string format)
    {
        if (format == "safetensors")
        {
            model.LoadSafetensors(path);
        }
        else
        {
            model.LoadPyTorch(path);
        }
    }
}
