using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.Tests.Training;

/// <summary>One member's early-stopping bookkeeping, driven epoch by epoch without a model.</summary>
public sealed class EarlyStoppingMonitorTests
{
    [Fact]
    public void Observe_ABestCountsFromMinEpochs_AndOnlyWhenItBeatsTheBestByMoreThanMinImprovement()
    {
        var monitor = new EarlyStoppingMonitor(new EarlyStoppingOptions { MinEpochs = 2, MaxEpochs = 10, Patience = 3, MinImprovement = 0.5 });

        monitor.Observe(5.0).Should().BeFalse("epoch 0 is before the watch begins");
        monitor.Record([1.0, 1.0]);
        monitor.Observe(5.0).Should().BeTrue("the watch begins at MinEpochs");
        monitor.Record([1.0]);
        monitor.Observe(4.5).Should().BeFalse("an improvement of exactly MinImprovement is not one");
        monitor.Observe(5.2).Should().BeFalse();
        monitor.Observe(4.4).Should().BeTrue();
    }

    [Fact]
    public void ShouldStop_NotBeforePatienceOrMaxEpochs()
    {
        var monitor = new EarlyStoppingMonitor(new EarlyStoppingOptions { MinEpochs = 0, MaxEpochs = 10, Patience = 3 });
        monitor.Observe(1.0).Should().BeTrue();

        monitor.ShouldStop().Should().BeFalse();
        monitor.Reason.Should().BeNull();
        monitor.Record([1.0, 1.0, 1.0]);
        monitor.ShouldStop().Should().BeTrue("three epochs without a new best");
        monitor.Reason.Should().Be(StopReason.NoImprovement);
    }

    [Fact]
    public void NextRunLength_IsTheIntervalCutAtMaxEpochs()
    {
        var monitor = new EarlyStoppingMonitor(new EarlyStoppingOptions { MinEpochs = 0, MaxEpochs = 10, Patience = 100, ValidationInterval = 4 });

        monitor.NextRunLength.Should().Be(4);
        monitor.Record(new double[8]);
        monitor.NextRunLength.Should().Be(2);
    }

    [Fact]
    public void Stop_KeepsTheFirstReason()
    {
        var monitor = new EarlyStoppingMonitor(new EarlyStoppingOptions());

        monitor.Stop(StopReason.Cancelled);
        monitor.Stop(StopReason.NonFinite);

        monitor.Reason.Should().Be(StopReason.Cancelled);
    }

    [Fact]
    public void Finish_BeforeTheWatchBegan_TakesTheLastParametersAsTheBest()
    {
        var finite = new EarlyStoppingMonitor(new EarlyStoppingOptions());
        var notFinite = new EarlyStoppingMonitor(new EarlyStoppingOptions());
        notFinite.Stop(StopReason.NonFinite);

        var history = finite.Finish(3.0, 2.0, out var restore);
        var nan = notFinite.Finish(double.NaN, double.NaN, out var restoreNaN);

        (history.BestEpoch, history.BestValidationLoss, restore).Should().Be((0, 3.0, false));
        (nan.BestEpoch, nan.BestValidationLoss, restoreNaN).Should().Be((0, double.PositiveInfinity, false), "nothing was captured to give back");
        nan.StopReason.Should().Be(StopReason.NonFinite);
    }

    [Fact]
    public void Finish_NoBetterThanTheBestByMinImprovement_RestoresTheCapturedBest()
    {
        var monitor = new EarlyStoppingMonitor(new EarlyStoppingOptions { MinEpochs = 0, MaxEpochs = 3, Patience = 100, MinImprovement = 0.5 });
        monitor.Observe(1.0).Should().BeTrue();
        monitor.Record([4.0, 3.0, 2.0]);

        var history = monitor.Finish(0.5, 1.5, out var restore);

        (history.BestEpoch, history.BestValidationLoss, restore).Should().Be((0, 1.0, true));
        history.Losses.Should().Equal(4.0, 3.0, 2.0);
        history.Checks.Select(c => (c.Epoch, c.TrainingLoss, c.ValidationLoss)).Should().Equal((0, 4.0, 1.0), (3, 1.5, 0.5));
    }
}
