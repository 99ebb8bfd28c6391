using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training;

public class EarlyStoppingEnsembleTests
{
    private static readonly double[] Samples = SeedProblem.Samples(128);
    private static readonly MlpOptions Float64 = new() { DType = ScalarType.Float64 };

    [Fact]
    public void TrainWithValidation_EachMemberStopsOnItsOwnCurve_AndGetsBackItsBestParameters()
    {
        using var ensemble = new MlpEnsemble([3, 4], Float64);
        using var trainer = new Trainer(ensemble);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        var validation = new ScriptedEnsembleLoss(
            [5, 4, 3, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6],
            [9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1, -2]);

        var results = trainer.Train(loss, validation, new EarlyStoppingOptions { MaxEpochs = 10, Patience = 3, MinEpochs = 0 }).Members;

        results.Should().HaveCount(2);
        results[0].StopReason.Should().Be(StopReason.NoImprovement);
        results[0].EpochsCompleted.Should().Be(6);
        results[0].BestEpoch.Should().Be(3);
        results[0].BestValidationLoss.Should().Be(2);
        results[0].RestoredBest.Should().BeTrue();
        results[0].Checks.Select(c => c.Epoch).Should().Equal(0, 1, 2, 3, 4, 5, 6);
        results[1].StopReason.Should().Be(StopReason.Completed);
        results[1].EpochsCompleted.Should().Be(10);
        results[1].BestEpoch.Should().Be(10);
        results[1].RestoredBest.Should().BeFalse();

        using var member = ensemble.ToModel(0);
        var restored = ParameterSnapshot.Capture(member).Flatten();
        restored.Zip(TrainedAlone(3, epochs: 3)).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 1e-12, "member 0 gets back its parameters of epoch 3");
    }

    [Fact]
    public void TrainWithValidation_RealLosses_EachMemberMatchesEarlyStoppingAlone()
    {
        var options = new EarlyStoppingOptions { MaxEpochs = 120, Patience = 20, MinEpochs = 10, ValidationInterval = 3 };
        var split = SampleSplit.Create(Samples, 0.25, new Random(8));
        using var training = new EmpiricalFiniteDifferenceScoreMatchingLoss(split.Training);
        using var validation = new EmpiricalFiniteDifferenceScoreMatchingLoss(split.Validation, training.Delta);
        long[] seeds = [21, 22, 23];
        using var ensemble = new MlpEnsemble(seeds, Float64);
        using var trainer = new Trainer(ensemble);

        var results = trainer.Train(training, validation, options).Members;

        for (var k = 0; k < seeds.Length; k++)
        {
            using var model = new MlpScoreModel(seeds[k], Float64);
            using var single = new Trainer(model);
            var alone = single.Train(training, validation, options).Members[0];

            results[k].StopReason.Should().Be(alone.StopReason, $"member {k}");
            results[k].BestEpoch.Should().Be(alone.BestEpoch, $"member {k}");
            results[k].EpochsCompleted.Should().Be(alone.EpochsCompleted, $"member {k}");
            results[k].BestValidationLoss.Should().BeApproximately(alone.BestValidationLoss, 1e-10);
            results[k].Checks.Select(c => c.Epoch).Should().Equal(alone.Checks.Select(c => c.Epoch));
        }
    }

    [Fact]
    public void TrainWithValidation_MemberDivergesRightAfterItsBestEpoch_GetsBackItsBestParameters()
    {
        using var ensemble = new MlpEnsemble([3, 4], Float64);
        using var trainer = new Trainer(ensemble);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        var training = new PoisonedEnsembleLoss(loss, member: 0, call: 3);
        var validation = new ScriptedEnsembleLoss([5, 4, 3, 2, 1, 0, -1, -2], [9, 8, 7, 6, 5, 4, 3, 2]);

        var results = trainer.Train(training, validation, new EarlyStoppingOptions { MaxEpochs = 6, Patience = 3, MinEpochs = 0 }).Members;

        // Epoch 3 is validated as a new best; the next training loss is not finite, so member 0 stops there.
        results[0].StopReason.Should().Be(StopReason.NonFinite);
        results[0].BestEpoch.Should().Be(3);
        results[0].RestoredBest.Should().BeTrue();
        results[1].StopReason.Should().Be(StopReason.Completed);
        using var member = ensemble.ToModel(0);
        var restored = ParameterSnapshot.Capture(member).Flatten();
        restored.Zip(TrainedAlone(3, epochs: 3)).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 1e-9, "member 0 gets back its parameters of epoch 3");
    }

    [Fact]
    public void TrainWithValidation_Cancelled_EveryMemberStopsUntrained()
    {
        using var ensemble = new MlpEnsemble([1, 2]);
        using var trainer = new Trainer(ensemble);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);

        var results = trainer.Train(loss, loss, new EarlyStoppingOptions { MinEpochs = 0 }, cancellationToken: new CancellationToken(canceled: true)).Members;

        results.Should().HaveCount(2).And.AllSatisfy(r =>
        {
            r.StopReason.Should().Be(StopReason.Cancelled);
            r.EpochsCompleted.Should().Be(0);
        });
    }

    [Fact]
    public void TrainWithValidation_LiveTensorCountDoesNotGrow()
    {
        using var ensemble = new MlpEnsemble([1, 2]);
        using var trainer = new Trainer(ensemble);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        var options = new EarlyStoppingOptions { MaxEpochs = 30, MinEpochs = 0 };
        trainer.Train(loss, loss, options);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.Train(loss, loss, options);

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    private static double[] TrainedAlone(long seed, int epochs)
    {
        using var model = new MlpScoreModel(seed, Float64);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        trainer.Train(loss, epochs);
        return ParameterSnapshot.Capture(model).Flatten();
    }

    /// <summary>A loss that is <paramref name="inner"/>, except that one member's value and gradient are NaN on one call.</summary>
    private sealed class PoisonedEnsembleLoss(ScoreLoss inner, int member, int call) : ScoreLoss
    {
        private int _calls;

        protected override Tensor ComputeCore(LossContext context)
        {
            var values = inner.ComputeEach(context);
            if (_calls++ != call)
            {
                return values;
            }

            // A factor of NaN, so that the gradient, and the update, of that member are NaN too.
            var factor = ones_like(values);
            factor[member] = tensor(double.NaN, values.dtype);
            return values * factor;
        }
    }

    /// <summary>A validation loss that ignores the ensemble and returns, for each member, its given values in turn.</summary>
    private sealed class ScriptedEnsembleLoss(params double[][] scripts) : ScoreLoss
    {
        private int _calls;

        protected override Tensor ComputeCore(LossContext context)
        {
            var call = _calls++;
            return tensor(scripts.Select(s => s[call]).ToArray(), context.DType);
        }
    }
}
