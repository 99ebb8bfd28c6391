using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Models;

public class MlpScoreModelTests
{
    [Fact]
    public void Ctor_DefaultOptions_IsTheSeedNetwork()
    {
        using var model = new MlpScoreModel(seed: 1);

        model.ParameterCount.Should().Be(25, "1→8→1 has 8 + 8 weights and 8 + 1 biases");
        model.DType.Should().Be(ScalarType.Float32);
        model.Options.Activation.Should().Be(Activation.Relu);
        model.NamedParameters().Select(p => p.Name).Should().Equal("hidden0.weight", "hidden0.bias", "output.weight", "output.bias");
    }

    [Fact]
    public void Ctor_SameSeed_SameParameters_OtherSeed_Others()
    {
        using var a = new MlpScoreModel(seed: 7);
        using var b = new MlpScoreModel(seed: 7);
        using var c = new MlpScoreModel(seed: 8);

        ParameterSnapshot.Capture(a).Flatten().Should().Equal(ParameterSnapshot.Capture(b).Flatten());
        ParameterSnapshot.Capture(a).Flatten().Should().NotEqual(ParameterSnapshot.Capture(c).Flatten());
    }

    [Fact]
    public void Ctor_GlorotInitialisation_HasBoundedWeightsAndZeroBiases()
    {
        using var model = new MlpScoreModel(3, new MlpOptions { HiddenWidths = [64] });
        var snapshot = ParameterSnapshot.Capture(model);
        var bound = Math.Sqrt(6.0 / 65.0);

        snapshot.GetValues(0).Should().OnlyContain(v => Math.Abs(v) <= bound);
        snapshot.GetValues(0).Should().Contain(v => Math.Abs(v) > bound / 2, "the draws spread over the interval");
        snapshot.GetValues(1).Should().OnlyContain(v => v == 0);
        snapshot.GetValues(2).Should().OnlyContain(v => Math.Abs(v) <= bound);
        snapshot.GetValues(3).Should().OnlyContain(v => v == 0);
    }

    [Fact]
    public void Ctor_TorchDefaultInitialisation_IsUniformWithinInverseSqrtFanIn()
    {
        using var model = new MlpScoreModel(3, new MlpOptions { HiddenWidths = [64], Initialization = MlpInitialization.TorchDefault });
        var snapshot = ParameterSnapshot.Capture(model);

        snapshot.GetValues(0).Should().OnlyContain(v => Math.Abs(v) <= 1.0, "the first layer has fan-in 1");
        snapshot.GetValues(1).Should().OnlyContain(v => Math.Abs(v) <= 1.0).And.Contain(v => Math.Abs(v) > 0.5);
        snapshot.GetValues(2).Should().OnlyContain(v => Math.Abs(v) <= 1.0 / 8.0, "the output layer has fan-in 64");
    }

    [Fact]
    public void Ctor_UnknownInitialisation_Throws()
    {
        var act = () => new MlpScoreModel(1, new MlpOptions { Initialization = (MlpInitialization)9 });

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(MlpOptions.Initialization));
    }

    [Fact]
    public void Ctor_FromGenerator_AdvancesIt()
    {
        using var generator = new Generator(5);
        using var first = new MlpScoreModel(generator);
        using var second = new MlpScoreModel(generator);

        ParameterSnapshot.Capture(first).Flatten().Should().NotEqual(ParameterSnapshot.Capture(second).Flatten());
    }

    [Fact]
    public void Ctor_FromGeneratorWithOptions_BuildsThatArchitecture()
    {
        using var generator = new Generator(6);
        var options = new MlpOptions { Dimension = 3, HiddenWidths = [5], DType = ScalarType.Float64 };

        using var model = new MlpScoreModel(generator, options);

        model.Options.Should().Be(options);
        model.NamedParameters().Select(p => p.Parameter.shape).Should().BeEquivalentTo(new[] { new long[] { 5, 3 }, [5], [3, 5], [3] }, o => o.WithStrictOrdering());
        model.DType.Should().Be(ScalarType.Float64);
    }

    [Fact]
    public void Score_VectorOrColumn_KeepsShapeAndAgrees()
    {
        using var scope = NewDisposeScope();
        using var model = new MlpScoreModel(1, new MlpOptions { DType = ScalarType.Float64 });
        var points = linspace(-2, 2, 5, ScalarType.Float64);

        var fromVector = model.Score(points);
        var fromColumn = model.Score(points.unsqueeze(1));

        fromVector.shape.Should().Equal(5);
        fromColumn.shape.Should().Equal(5, 1);
        TestModels.ToArray(fromVector).Should().Equal(TestModels.ToArray(fromColumn));
    }

    [Theory]
    [InlineData(new long[] { 3, 2 })]
    [InlineData(new long[] { 2, 1, 1 })]
    public void Score_OtherShape_ThrowsNamingShape(long[] shape)
    {
        using var model = new MlpScoreModel(1);
        using var x = zeros(shape);

        var act = () => model.Score(x);

        act.Should().Throw<ArgumentException>().WithParameterName("x").WithMessage($"*[{string.Join(", ", shape)}]*");
    }

    [Fact]
    public void Score_OtherDtype_ThrowsNamingBoth()
    {
        using var model = new MlpScoreModel(1);
        using var x = zeros(4, 1, ScalarType.Float64);

        var act = () => model.Score(x);

        act.Should().Throw<ArgumentException>().WithMessage("*Float64*Float32*");
    }

    [Fact]
    public void Score_AfterDispose_ThrowsObjectDisposed()
    {
        var model = new MlpScoreModel(1);
        model.Dispose();
        using var x = zeros(4, 1);

        var act = () => model.Score(x);

        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Ctor_Float64_HasFloat64Parameters()
    {
        using var model = new MlpScoreModel(1, new MlpOptions { DType = ScalarType.Float64, HiddenWidths = [4, 4], Activation = Activation.Softplus });

        model.DType.Should().Be(ScalarType.Float64);
        model.NamedParameters().Should().OnlyContain(p => p.Parameter.dtype == ScalarType.Float64);
        model.ParameterCount.Should().Be(8 + 20 + 5);
    }

    [Fact]
    public void Ctor_NoHiddenLayer_Throws()
    {
        var act = () => new MlpScoreModel(1, new MlpOptions { HiddenWidths = [] });

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(MlpOptions.HiddenWidths));
    }

    [Fact]
    public void Ctor_ZeroWidth_ThrowsShowingWidth()
    {
        var act = () => new MlpScoreModel(1, new MlpOptions { HiddenWidths = [8, 0] });

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(MlpOptions.HiddenWidths)).WithMessage("*layer 1 has width 0*");
    }

    [Fact]
    public void Ctor_IntegerDtype_Throws()
    {
        var act = () => new MlpScoreModel(1, new MlpOptions { DType = ScalarType.Int32 });

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(MlpOptions.DType)).WithMessage("*Int32*");
    }

    [Fact]
    public void Ctor_UnknownActivation_Throws()
    {
        var act = () => new MlpScoreModel(1, new MlpOptions { Activation = (Activation)42 });

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(MlpOptions.Activation));
    }

    [Fact]
    public void Ctor_NullGenerator_Throws()
    {
        var act = () => new MlpScoreModel((Generator)null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("generator");
    }

    [Fact]
    public void MlpOptions_SameSettingsInOtherLists_AreEqual()
    {
        var first = new MlpOptions { HiddenWidths = [16, 8], Dimension = 2 };
        var second = new MlpOptions { HiddenWidths = new List<int> { 16, 8 }, Dimension = 2 };

        second.Should().Be(first);
        second.GetHashCode().Should().Be(first.GetHashCode());
        (first with { HiddenWidths = [16, 9] }).Should().NotBe(first);
        (first with { Activation = Activation.Tanh }).Should().NotBe(first);
    }
}
