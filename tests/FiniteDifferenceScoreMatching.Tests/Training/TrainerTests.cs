using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training;

public class TrainerTests
{
    [Fact]
    public void Train_SameSeed_GivesBitIdenticalLossHistory()
    {
        var samples = SeedProblem.Samples(256);

        IReadOnlyList<double> Run()
        {
            using var model = new MlpScoreModel(42);
            using var trainer = new Trainer(model);
            using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
            return trainer.Train(loss, 100).Losses;
        }

        Run().Should().Equal(Run());
    }

    [Fact]
    public void Train_InTwoCalls_EqualsOneCall()
    {
        var samples = SeedProblem.Samples(256);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        using var straightModel = new MlpScoreModel(9);
        using var straight = new Trainer(straightModel);
        using var splitModel = new MlpScoreModel(9);
        using var split = new Trainer(splitModel);

        var whole = straight.Train(loss, 120).Losses;
        var first = split.Train(loss, 70);
        var second = split.Train(loss, 50);

        first.Losses.Concat(second.Losses).Should().Equal(whole, "the optimizer's state carries over between calls");
        second.FirstEpoch.Should().Be(70);
        second.LastEpoch.Should().Be(120);
        split.Epoch.Should().Be(120);
    }

    [Fact]
    public void Train_RecordsLossBeforeEachUpdate()
    {
        var samples = SeedProblem.Samples(64);
        using var model = new MlpScoreModel(2);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        using var initial = loss.Compute(model);
        var expected = initial.ToDouble();
        using var trainer = new Trainer(model, TrainingPaths.General);

        var result = trainer.Train(loss, 1);

        result.Losses.Should().Equal(expected);
        result.FinalLoss.Should().Be(expected);
    }

    [Fact]
    public void Train_FusedPath_RecordsLossBeforeEachUpdate()
    {
        var samples = SeedProblem.Samples(64);
        using var model = new MlpScoreModel(2, new MlpOptions { DType = ScalarType.Float64 });
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        using var initial = loss.Compute(model);
        var expected = initial.ToDouble();
        using var trainer = new Trainer(model);

        var result = trainer.Train(loss, 1);

        result.Losses.Should().ContainSingle().Which.Should().BeApproximately(expected, 1e-14);
    }

    [Fact]
    public void Train_SwitchingLoss_ContinuesFromPreTrainedState()
    {
        var samples = SeedProblem.Samples();
        using var model = new MlpScoreModel(5);
        using var trainer = new Trainer(model);
        using var explicitLoss = new ExplicitScoreMatchingLoss(SeedProblem.Target);
        using var empirical = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);

        var pre = trainer.Train(explicitLoss, 300);
        var post = trainer.Train(empirical, 50);

        pre.Losses[^1].Should().BeLessThan(pre.Losses[0]);
        post.FirstEpoch.Should().Be(300);
        post.Losses.Should().OnlyContain(l => l < -0.3, "a pre-trained model starts near the empirical optimum, about −0.47");
    }

    [Fact]
    public void Train_Snapshots_AreCopiesAtTheRequestedEpochs()
    {
        using var model = new MlpScoreModel(6);
        using var trainer = new Trainer(model, new TrainerOptions { SnapshotInterval = 25 });
        using var loss = new ExplicitScoreMatchingLoss(SeedProblem.Target);

        var result = trainer.Train(loss, 100);

        result.Snapshots.Select(s => s.Epoch).Should().Equal(0, 25, 50, 75, 100);
        result.Snapshots[0].Parameters.Flatten().Should().NotEqual(result.Snapshots[^1].Parameters.Flatten());
        result.Snapshots[^1].Parameters.Flatten().Should().Equal(ParameterSnapshot.Capture(model).Flatten());
    }

    [Fact]
    public void Train_Progress_ReportsEveryIntervalAndTheLastEpoch()
    {
        using var model = new MlpScoreModel(6);
        using var trainer = new Trainer(model, new TrainerOptions { ReportInterval = 30 });
        using var loss = new ExplicitScoreMatchingLoss(SeedProblem.Target);
        var progress = new RecordingProgress<EpochReport>();

        var result = trainer.Train(loss, 100, progress);

        progress.Reports.Select(r => r.EpochInRun).Should().Equal(30, 60, 90, 100);
        progress.Reports.Should().AllSatisfy(r => r.EpochsInRun.Should().Be(100));
        progress.Reports[^1].Loss.Should().Be(result.FinalLoss);
    }

    [Fact]
    public void Train_CancelledDuringRun_StopsBeforeNextEpochAndSaysSo()
    {
        using var model = new MlpScoreModel(6);
        using var trainer = new Trainer(model, new TrainerOptions { ReportInterval = 1 });
        using var loss = new ExplicitScoreMatchingLoss(SeedProblem.Target);
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress<EpochReport>(r =>
        {
            if (r.EpochInRun == 10)
            {
                cancellation.Cancel();
            }
        });

        var result = trainer.Train(loss, 500, progress, cancellation.Token);

        result.StopReason.Should().Be(StopReason.Cancelled);
        result.EpochsCompleted.Should().Be(10);
        trainer.Epoch.Should().Be(10);
    }

    [Fact]
    public void Train_OptimizerFactory_IsUsed()
    {
        using var model = TestModels.Affine(0, 0);
        var options = new TrainerOptions { LearningRate = 0.1, OptimizerFactory = (parameters, rate) => optim.SGD(parameters, rate) };
        using var trainer = new Trainer(model, options);
        using var loss = new ExplicitScoreMatchingLoss(GridTarget.Tabulate(new UniformGrid(-8, 8, 801), x => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI), x => -x));

        trainer.Train(loss, 1);

        // One plain gradient step from a = b = 0: ∂J/∂a = E[(a + 1)x²] = 1, ∂J/∂b = E[b] = 0.
        ParameterSnapshot.Capture(model).Flatten()[0].Should().BeApproximately(-0.1, 1e-9);
        ParameterSnapshot.Capture(model).Flatten()[1].Should().BeApproximately(0, 1e-9);
    }

    [Fact]
    public void Train_Float64Model_Works()
    {
        using var model = new MlpScoreModel(6, new MlpOptions { DType = ScalarType.Float64 });
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(128));

        var result = trainer.Train(loss, 20);

        result.Losses.Should().HaveCount(20).And.OnlyContain(l => double.IsFinite(l));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Train_TwoThousandEpochs_LiveTensorCountDoesNotGrow(bool generalPath)
    {
        using var model = new MlpScoreModel(8);
        using var trainer = new Trainer(model, generalPath ? TrainingPaths.General : null);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples());
        trainer.Train(loss, 10);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.Train(loss, 2000);

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Train_NonPositiveEpochs_Throws(int epochs)
    {
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model);
        using var loss = new ExplicitScoreMatchingLoss(SeedProblem.Target);

        var act = () => trainer.Train(loss, epochs);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("epochs");
    }

    [Fact]
    public void Train_NullLoss_Throws()
    {
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model);

        var act = () => trainer.Train(null!, 1);

        act.Should().Throw<ArgumentNullException>().WithParameterName("loss");
    }

    [Fact]
    public void Train_AfterDispose_ThrowsObjectDisposed()
    {
        using var model = new MlpScoreModel(1);
        var trainer = new Trainer(model);
        trainer.Dispose();
        using var loss = new ExplicitScoreMatchingLoss(SeedProblem.Target);

        var act = () => trainer.Train(loss, 1);

        act.Should().Throw<ObjectDisposedException>();
    }

    [Theory]
    [InlineData(0.0, 25, 0, nameof(TrainerOptions.LearningRate))]
    [InlineData(double.NaN, 25, 0, nameof(TrainerOptions.LearningRate))]
    [InlineData(double.PositiveInfinity, 25, 0, nameof(TrainerOptions.LearningRate))]
    [InlineData(0.03, 0, 0, nameof(TrainerOptions.ReportInterval))]
    [InlineData(0.03, 25, -1, nameof(TrainerOptions.SnapshotInterval))]
    [InlineData(0.03, 25, 0, nameof(TrainerOptions.SnapshotInterval))]
    [InlineData(0.03, -2, 5, nameof(TrainerOptions.ReportInterval))]
    public void Ctor_OptionOutOfRange_ThrowsNamingIt(double rate, int report, int snapshot, string name)
    {
        using var model = new MlpScoreModel(1);
        var options = new TrainerOptions { LearningRate = rate, ReportInterval = report, SnapshotInterval = snapshot };

        var act = () => new Trainer(model, options);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(name);
    }

    [Fact]
    public void Ctor_NullModel_Throws()
    {
        var act = () => new Trainer(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("model");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Train_HugeEpochLimit_ReservesNothingInProportion(bool cancelledBeforeStart)
    {
        // int.MaxValue epochs, stopped before the first or after three: the history must not reserve a slot per epoch asked for.
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model, new TrainerOptions { ReportInterval = 1 });
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(64));
        using var source = new CancellationTokenSource();
        if (cancelledBeforeStart)
        {
            source.Cancel();
        }

        var progress = new RecordingProgress<EpochReport>(report =>
        {
            if (report.EpochInRun == 3)
            {
                source.Cancel();
            }
        });
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = trainer.Train(loss, int.MaxValue, progress, source.Token);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        result.StopReason.Should().Be(StopReason.Cancelled);
        result.Losses.Should().HaveCount(cancelledBeforeStart ? 0 : 3);
        allocated.Should().BeLessThan(1 << 20, "a history of int.MaxValue doubles would take 16 GB");
    }
}
