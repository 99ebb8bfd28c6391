using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training;

public class NonFiniteTrainingTests
{
    [Fact]
    public void Train_HugeLearningRate_StopsWhenNotFiniteWithFiniteParameters()
    {
        // Adam's steps are bounded by the learning rate, so a ReLU network under Adam at 1e3 only dies; plain
        // gradient descent at 1e3 makes the parameters grow without bound until they overflow.
        using var model = new MlpScoreModel(1, new MlpOptions { Activation = Activation.Softplus });
        using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 1e3, OptimizerFactory = (p, rate) => optim.SGD(p, rate) });
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples());

        var result = trainer.Train(loss, 500);

        result.StopReason.Should().Be(StopReason.NonFinite);
        result.Members.Should().ContainSingle().Which.StopReason.Should().Be(StopReason.NonFinite);
        result.EpochsCompleted.Should().BeLessThan(500);
        result.Losses.Should().OnlyContain(l => double.IsFinite(l));
        trainer.Epoch.Should().Be(result.EpochsCompleted);
        ParameterSnapshot.Capture(model).Flatten().Should().OnlyContain(v => double.IsFinite(v));
        model.ScoreAt(SeedProblem.Grid.Points).Should().OnlyContain(v => double.IsFinite(v));
    }

    [Fact]
    public void Train_AdamAtHugeLearningRate_NeverReturnsNonFiniteValues()
    {
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 1e3 });
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples());

        var result = trainer.Train(loss, 300);

        result.Losses.Should().OnlyContain(l => double.IsFinite(l));
        ParameterSnapshot.Capture(model).Flatten().Should().OnlyContain(v => double.IsFinite(v));
    }

    [Theory]
    [InlineData(ScalarType.Float64, 1e300, 1.0)]
    [InlineData(ScalarType.Float64, 0.03, 1e-300)]
    [InlineData(ScalarType.Float32, 1e30, 1.0)]
    [InlineData(ScalarType.Float32, 0.03, 1e-30)]
    public void Train_BothPaths_StopForTheSameReasonAtTheSameEpoch(ScalarType dtype, double learningRate, double sampleScale)
    {
        var samples = SeedProblem.Samples(64).Select(x => x * sampleScale).ToArray();
        var options = new MlpOptions { Activation = Activation.Tanh, DType = dtype };

        TrainingResult Run(TrainerOptions trainerOptions, bool fused)
        {
            using var model = new MlpScoreModel(4, options);
            using var trainer = new Trainer(model, trainerOptions with { LearningRate = learningRate });
            using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
            var result = trainer.Train(loss, 200);
            trainer.LastRunWasFused.Should().Be(fused);
            return result;
        }

        var fusedRun = Run(new TrainerOptions(), fused: true);
        var generalRun = Run(TrainingPaths.General, fused: false);

        fusedRun.StopReason.Should().Be(generalRun.StopReason);
        fusedRun.EpochsCompleted.Should().Be(generalRun.EpochsCompleted);
    }

    [Fact]
    public void Train_LossTurnsNaN_KeepsParametersOfLastGoodEpoch()
    {
        using var model = new MlpScoreModel(2);
        using var trainer = new Trainer(model);
        using var inner = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(64));
        using var loss = new FailingLoss(inner, failAtCall: 4);

        var result = trainer.Train(loss, 10);
        var afterThreeUpdates = ParameterSnapshot.Capture(model).Flatten();

        result.StopReason.Should().Be(StopReason.NonFinite);
        result.EpochsCompleted.Should().Be(3);
        using var replayModel = new MlpScoreModel(2);
        using var replay = new Trainer(replayModel);
        using var neverFailing = new FailingLoss(inner, failAtCall: int.MaxValue);
        replay.Train(neverFailing, 3);
        afterThreeUpdates.Should().Equal(ParameterSnapshot.Capture(replayModel).Flatten());
    }

    [Fact]
    public void Train_AfterExternalChange_NonFiniteUpdateRestoresTheChangedParameters()
    {
        using var model = new MlpScoreModel(3);
        using var trainer = new Trainer(model);
        using var inner = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(64));
        trainer.Train(inner, 5);
        using var other = new MlpScoreModel(4);
        ParameterSnapshot.Capture(other).RestoreInto(model);
        using var loss = new FailingLoss(inner, failAtCall: 1, nonFiniteGradientOnly: true);

        var result = trainer.Train(loss, 3);

        result.StopReason.Should().Be(StopReason.NonFinite);
        ParameterSnapshot.Capture(model).Flatten().Should().Equal(ParameterSnapshot.Capture(other).Flatten());
    }

    /// <summary>Another loss, except that one call gives NaN (or a finite value with an infinite gradient).</summary>
    private sealed class FailingLoss(ScoreLoss inner, int failAtCall, bool nonFiniteGradientOnly = false) : ScoreLoss
    {
        private int _calls;

        protected override Tensor ComputeCore(LossContext context)
        {
            var value = inner.ComputeEach(context);
            if (++_calls != failAtCall)
            {
                return value;
            }

            if (!nonFiniteGradientOnly)
            {
                return value * double.NaN;
            }

            // sqrt has an infinite derivative at 0: the value stays finite, the update does not.
            var first = context.Model.NamedParameters().First().Parameter;
            return value + (first - first.detach()).abs().sum().sqrt();
        }
    }
}
