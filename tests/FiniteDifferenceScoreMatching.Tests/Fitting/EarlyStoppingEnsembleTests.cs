using FiniteDifferenceScoreMatching.Fitting;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Fitting;

public class EarlyStoppingEnsembleTests
{
    private static readonly double[] Samples = SeedProblem.Samples(128);
    private static readonly MlpOptions Float64 = new() { DType = ScalarType.Float64 };

    [Fact]
    public void TrainEnsemble_EachMemberStopsOnItsOwnCurve_AndGetsBackItsBestParameters()
    {
        using var ensemble = new MlpEnsemble([3, 4], Float64);
        using var trainer = new EnsembleTrainer(ensemble);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        var validation = new ScriptedEnsembleLoss(
            [5, 4, 3, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6],
            [9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1, -2]);

        var results = EarlyStopping.TrainEnsemble(trainer, loss, validation, new EarlyStoppingOptions { MaxEpochs = 10, Patience = 3, MinEpochs = 0 });

        results.Should().HaveCount(2);
        results[0].StopReason.Should().Be(EarlyStoppingReason.PatienceExhausted);
        results[0].EpochsCompleted.Should().Be(6);
        results[0].BestEpoch.Should().Be(3);
        results[0].BestValidationLoss.Should().Be(2);
        results[0].RestoredBest.Should().BeTrue();
        results[0].Checks.Select(c => c.Epoch).Should().Equal(0, 1, 2, 3, 4, 5, 6);
        results[1].StopReason.Should().Be(EarlyStoppingReason.EpochLimitReached);
        results[1].EpochsCompleted.Should().Be(10);
        results[1].BestEpoch.Should().Be(10);
        results[1].RestoredBest.Should().BeFalse();

        using var member = ensemble.ToModel(0);
        var restored = ParameterSnapshot.Capture(member).Flatten();
        restored.Zip(TrainedAlone(3, epochs: 3)).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 1e-12, "member 0 gets back its parameters of epoch 3");
    }

    [Fact]
    public void TrainEnsemble_RealLosses_EachMemberMatchesEarlyStoppingAlone()
    {
        var options = new EarlyStoppingOptions { MaxEpochs = 120, Patience = 20, MinEpochs = 10, ValidationInterval = 3 };
        var split = SampleSplit.Create(Samples, 0.25, new Random(8));
        using var training = new EmpiricalFiniteDifferenceScoreMatchingLoss(split.Training);
        using var validation = new EmpiricalFiniteDifferenceScoreMatchingLoss(split.Validation, training.Delta);
        long[] seeds = [21, 22, 23];
        using var ensemble = new MlpEnsemble(seeds, Float64);
        using var trainer = new EnsembleTrainer(ensemble);

        var results = EarlyStopping.TrainEnsemble(trainer, training, validation, options);

        for (var k = 0; k < seeds.Length; k++)
        {
            using var model = new MlpScoreModel(seeds[k], Float64);
            using var single = new Trainer(model);
            var alone = EarlyStopping.Train(single, training, validation, options);

            results[k].StopReason.Should().Be(alone.StopReason, $"member {k}");
            results[k].BestEpoch.Should().Be(alone.BestEpoch, $"member {k}");
            results[k].EpochsCompleted.Should().Be(alone.EpochsCompleted, $"member {k}");
            results[k].BestValidationLoss.Should().BeApproximately(alone.BestValidationLoss, 1e-10);
            results[k].Checks.Select(c => c.Epoch).Should().Equal(alone.Checks.Select(c => c.Epoch));
        }
    }

    [Fact]
    public void TrainEnsemble_MemberDivergesRightAfterItsBestEpoch_GetsBackItsBestParameters()
    {
        using var ensemble = new MlpEnsemble([3, 4], Float64);
        using var trainer = new EnsembleTrainer(ensemble);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        var training = new PoisonedEnsembleLoss(loss, member: 0, call: 3);
        var validation = new ScriptedEnsembleLoss([5, 4, 3, 2, 1, 0, -1, -2], [9, 8, 7, 6, 5, 4, 3, 2]);

        var results = EarlyStopping.TrainEnsemble(trainer, training, validation, new EarlyStoppingOptions { MaxEpochs = 6, Patience = 3, MinEpochs = 0 });

        // Epoch 3 is validated as a new best; its training loss is not finite, and that epoch's update spoils member 0.
        results[0].StopReason.Should().Be(EarlyStoppingReason.Diverged);
        results[0].BestEpoch.Should().Be(3);
        results[0].RestoredBest.Should().BeTrue();
        results[1].StopReason.Should().Be(EarlyStoppingReason.EpochLimitReached);
        using var member = ensemble.ToModel(0);
        var restored = ParameterSnapshot.Capture(member).Flatten();
        restored.Zip(TrainedAlone(3, epochs: 3)).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 1e-9, "member 0 gets back its parameters of epoch 3");
    }

    [Fact]
    public void TrainEnsemble_Cancelled_EveryMemberStopsUntrained()
    {
        using var ensemble = new MlpEnsemble([1, 2]);
        using var trainer = new EnsembleTrainer(ensemble);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);

        var results = EarlyStopping.TrainEnsemble(trainer, loss, loss, new EarlyStoppingOptions { MinEpochs = 0 }, new CancellationToken(canceled: true));

        results.Should().HaveCount(2).And.AllSatisfy(r =>
        {
            r.StopReason.Should().Be(EarlyStoppingReason.Cancelled);
            r.EpochsCompleted.Should().Be(0);
        });
    }

    [Fact]
    public void TrainEnsemble_LiveTensorCountDoesNotGrow()
    {
        using var ensemble = new MlpEnsemble([1, 2]);
        using var trainer = new EnsembleTrainer(ensemble);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        var options = new EarlyStoppingOptions { MaxEpochs = 30, MinEpochs = 0 };
        EarlyStopping.TrainEnsemble(trainer, loss, loss, options);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        EarlyStopping.TrainEnsemble(trainer, loss, loss, options);

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
    private sealed class PoisonedEnsembleLoss(IEnsembleLoss inner, int member, int call) : IEnsembleLoss
    {
        private int _calls;

        public Tensor ComputeEach(MlpEnsemble ensemble)
        {
            var values = inner.ComputeEach(ensemble);
            if (_calls++ != call)
            {
                return values;
            }

            // A factor of NaN, so that the gradient, and the update, of that member are NaN too.
            using var factor = ones_like(values);
            factor[member] = tensor(double.NaN, values.dtype);
            using (values)
            {
                return values * factor;
            }
        }
    }

    /// <summary>A validation loss that ignores the ensemble and returns, for each member, its given values in turn.</summary>
    private sealed class ScriptedEnsembleLoss(params double[][] scripts) : IEnsembleLoss
    {
        private int _calls;

        public Tensor ComputeEach(MlpEnsemble ensemble)
        {
            var call = _calls++;
            return tensor(scripts.Select(s => s[call]).ToArray(), ensemble.DType);
        }
    }
}
