using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fdsm-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public void Resume_AfterThreeHundredEpochs_ContinuesBitIdenticallyToFiveHundred()
    {
        var samples = SeedProblem.Samples();
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        List<double> straight;
        using (var model = new MlpScoreModel(1))
        using (var trainer = new Trainer(model))
        {
            straight = [.. trainer.Train(loss, 500).Losses];
        }

        var path = PathOf("run.ckpt");
        List<double> resumed;
        using (var model = new MlpScoreModel(1))
        using (var trainer = new Trainer(model))
        {
            resumed = [.. trainer.Train(loss, 300).Losses];
            trainer.SaveCheckpoint(path);
        }

        using (var freshModel = new MlpScoreModel(seed: 99))
        using (var freshLoss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples))
        using (var trainer = Trainer.Resume(freshModel, path))
        {
            trainer.Epoch.Should().Be(300);
            var rest = trainer.Train(freshLoss, 200);
            rest.FirstEpoch.Should().Be(300);
            resumed.AddRange(rest.Losses);
        }

        resumed.Should().Equal(straight);
    }

    [Fact]
    public void Resume_KeepsOptionsAndParameters_InTheirOwnDtype()
    {
        var path = PathOf("options.ckpt");
        var options = new TrainerOptions { LearningRate = 0.0123, ReportInterval = 7, SnapshotInterval = 11, Seed = 17, Engine = TrainingEngine.TorchSharp };
        double[] saved;
        using (var model = new MlpScoreModel(5, new MlpOptions { DType = ScalarType.Float64, HiddenWidths = [3, 4] }))
        using (var trainer = new Trainer(model, options))
        {
            using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(64));
            trainer.Train(loss, 13);
            trainer.SaveCheckpoint(path);
            saved = ParameterSnapshot.Capture(model).Flatten();
        }

        using var other = new MlpScoreModel(6, new MlpOptions { DType = ScalarType.Float64, HiddenWidths = [3, 4] });
        using var resumed = Trainer.Resume(other, path);

        resumed.Options.LearningRate.Should().Be(0.0123);
        resumed.Options.ReportInterval.Should().Be(7);
        resumed.Options.SnapshotInterval.Should().Be(11);
        resumed.Options.Seed.Should().Be(17);
        resumed.Options.Engine.Should().Be(TrainingEngine.TorchSharp);
        resumed.Epoch.Should().Be(13);
        ParameterSnapshot.Capture(other).Flatten().Should().Equal(saved);
    }

    [Fact]
    public void SaveAndResume_LeaveNoTensorsBehind()
    {
        var path = PathOf("count.ckpt");
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model);
        trainer.SaveCheckpoint(path);
        Trainer.Resume(model, path).Dispose();
        var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.SaveCheckpoint(path);
        Trainer.Resume(model, path).Dispose();
        new Trainer(model).Dispose();

        TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Fact]
    public void SaveCheckpoint_Twice_ReplacesTheFile()
    {
        var path = PathOf("twice.ckpt");
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model);
        using var loss = new ExplicitScoreMatchingLoss(SeedProblem.Target);
        trainer.SaveCheckpoint(path);
        trainer.Train(loss, 3);

        trainer.SaveCheckpoint(path);

        using var other = new MlpScoreModel(2);
        using var resumed = Trainer.Resume(other, path);
        resumed.Epoch.Should().Be(3);
        Directory.GetFiles(_folder).Should().ContainSingle("no temporary file is left behind");
    }

    [Fact]
    public void Resume_TruncatedFile_ThrowsInvalidDataAndLeavesModelUntouched()
    {
        var path = SaveOne();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        AssertRejected(path, "*truncated or corrupted*");
    }

    [Fact]
    public void Resume_OneByteChanged_ThrowsInvalidDataAndLeavesModelUntouched()
    {
        var path = SaveOne();
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        AssertRejected(path, "*does not match its checksum*");
    }

    [Fact]
    public void Resume_NotACheckpoint_ThrowsInvalidData()
    {
        var path = PathOf("notes.txt");
        File.WriteAllText(path, "These are not the parameters you are looking for.");

        AssertRejected(path, "*is not a checkpoint*");
    }

    [Fact]
    public void Resume_EmptyFile_ThrowsInvalidData()
    {
        var path = PathOf("empty.ckpt");
        File.WriteAllBytes(path, []);

        AssertRejected(path, "*is not a checkpoint*");
    }

    [Fact]
    public void Resume_OtherArchitecture_ThrowsArgumentAndLeavesModelUntouched()
    {
        var path = SaveOne();
        using var wider = new MlpScoreModel(3, new MlpOptions { HiddenWidths = [16] });
        var before = ParameterSnapshot.Capture(wider).Flatten();

        var act = () => Trainer.Resume(wider, path);

        act.Should().Throw<ArgumentException>().WithParameterName("model").WithMessage("*another architecture*[8, 1]*[16, 1]*");
        ParameterSnapshot.Capture(wider).Flatten().Should().Equal(before);
    }

    [Fact]
    public void Resume_OtherDtype_ThrowsArgument()
    {
        var path = SaveOne();
        using var model = new MlpScoreModel(3, new MlpOptions { DType = ScalarType.Float64 });

        var act = () => Trainer.Resume(model, path);

        act.Should().Throw<ArgumentException>().WithMessage("*Float32*Float64*");
    }

    [Fact]
    public void Resume_OtherOptimizer_ThrowsArgumentAndLeavesModelUntouched()
    {
        var path = SaveOne();
        using var model = new MlpScoreModel(3);
        var before = ParameterSnapshot.Capture(model).Flatten();

        var act = () => Trainer.Resume(model, path, (parameters, rate) => optim.SGD(parameters, rate));

        act.Should().Throw<ArgumentException>().WithMessage("*Adam*SGD*");
        ParameterSnapshot.Capture(model).Flatten().Should().Equal(before);
    }

    [Fact]
    public void Resume_MissingFile_ThrowsFileNotFound()
    {
        using var model = new MlpScoreModel(3);

        var act = () => Trainer.Resume(model, PathOf("missing.ckpt"));

        act.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void SaveCheckpoint_MissingFolder_ThrowsAndWritesNothing()
    {
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model);

        var act = () => trainer.SaveCheckpoint(Path.Combine(_folder, "no", "such", "folder", "x.ckpt"));

        act.Should().Throw<DirectoryNotFoundException>();
        Directory.GetFileSystemEntries(_folder).Should().BeEmpty();
    }

    [Fact]
    public void SaveCheckpoint_AfterDispose_ThrowsObjectDisposed()
    {
        using var model = new MlpScoreModel(1);
        var trainer = new Trainer(model);
        trainer.Dispose();

        var act = () => trainer.SaveCheckpoint(PathOf("x.ckpt"));

        act.Should().Throw<ObjectDisposedException>();
    }

    private string SaveOne()
    {
        var path = PathOf("one.ckpt");
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model);
        using var loss = new ExplicitScoreMatchingLoss(SeedProblem.Target);
        trainer.Train(loss, 5);
        trainer.SaveCheckpoint(path);
        return path;
    }

    private static void AssertRejected(string path, string message)
    {
        using var model = new MlpScoreModel(3);
        var before = ParameterSnapshot.Capture(model).Flatten();

        var act = () => Trainer.Resume(model, path);

        act.Should().Throw<InvalidDataException>().WithMessage(message);
        ParameterSnapshot.Capture(model).Flatten().Should().Equal(before);
    }
}
