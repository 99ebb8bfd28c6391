using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training;

public class EarlyStoppingTests
{
    private static readonly double[] Samples = SeedProblem.Samples(128);

    [Fact]
    public void Train_ValidationRisesAfterEpochThree_StopsAfterPatienceAndRestoresEpochThree()
    {
        using var model = new MlpScoreModel(3);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        using var validation = new ScriptedLoss(5, 4, 3, 2, 2.5, 3, 3.5, 4, 4.5, 5);

        var result = trainer.Train(loss, validation, new EarlyStoppingOptions { Patience = 3, MinEpochs = 0 }).Members[0];

        result.StopReason.Should().Be(StopReason.NoImprovement);
        result.StopReason.Should().Be(StopReason.NoImprovement);
        result.EpochsCompleted.Should().Be(6);
        result.BestEpoch.Should().Be(3);
        result.BestValidationLoss.Should().Be(2);
        result.RestoredBest.Should().BeTrue();
        result.Checks.Select(c => c.Epoch).Should().Equal(0, 1, 2, 3, 4, 5, 6);
        ParameterSnapshot.Capture(model).Flatten().Should().Equal(Trained(3, epochs: 3), "the model gets back the parameters of epoch 3, bit for bit");
    }

    [Fact]
    public void Train_WarmUp_IgnoresEveryEpochBeforeIt()
    {
        using var model = new MlpScoreModel(3);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        using var validation = new ScriptedLoss(0.5, 4, 3, 2, 2.5, 3, 3.5, 4, 4.5, 5);

        var result = trainer.Train(loss, validation, new EarlyStoppingOptions { Patience = 3, MinEpochs = 2 }).Members[0];

        result.BestEpoch.Should().Be(3, "epoch 0 has the lowest loss, but comes before the warm-up ends");
        result.EpochsCompleted.Should().Be(6);
        result.Checks[0].ValidationLoss.Should().Be(0.5, "the curve still shows every evaluation");
        ParameterSnapshot.Capture(model).Flatten().Should().Equal(Trained(3, epochs: 3));
    }

    [Fact]
    public void Train_RestoreDisabled_KeepsTheLastParameters()
    {
        using var model = new MlpScoreModel(3);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        using var validation = new ScriptedLoss(5, 4, 3, 2, 2.5, 3, 3.5, 4, 4.5, 5);

        var result = trainer.Train(loss, validation, new EarlyStoppingOptions { Patience = 3, MinEpochs = 0, RestoreBestParameters = false }).Members[0];

        result.RestoredBest.Should().BeFalse();
        ParameterSnapshot.Capture(model).Flatten().Should().Equal(Trained(3, epochs: 6));
    }

    [Fact]
    public void Train_ValidationKeepsImproving_RunsToTheEpochLimit()
    {
        using var model = new MlpScoreModel(3);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        using var validation = new ScriptedLoss(Enumerable.Range(0, 30).Select(i => 10.0 - i).ToArray());

        var result = trainer.Train(loss, validation, new EarlyStoppingOptions { MaxEpochs = 20, Patience = 2, MinEpochs = 0 }).Members[0];

        result.StopReason.Should().Be(StopReason.Completed);
        result.EpochsCompleted.Should().Be(20);
        result.BestEpoch.Should().Be(20);
        result.RestoredBest.Should().BeFalse("the last parameters are the best");
        trainer.Epoch.Should().Be(20);
    }

    [Fact]
    public void Train_Interval_PairsEachValidationWithTheTrainingLossAtTheSameParameters()
    {
        using var model = new MlpScoreModel(5);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples[..100]);
        using var validation = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples[100..]);
        using var fresh = new MlpScoreModel(5);
        var initialValidation = Evaluate(validation, fresh);

        var result = trainer.Train(loss, validation, new EarlyStoppingOptions { MaxEpochs = 20, ValidationInterval = 5, Patience = 1000, RestoreBestParameters = false }).Members[0];

        result.Checks.Select(c => c.Epoch).Should().Equal(0, 5, 10, 15, 20);
        result.Checks[0].ValidationLoss.Should().BeApproximately(initialValidation, 1e-5);
        result.Checks.SkipLast(1).Should().AllSatisfy(c => c.TrainingLoss.Should().Be(result.Losses[c.Epoch]));
        result.LastCheck!.TrainingLoss.Should().BeApproximately(Evaluate(loss, model), 1e-5);
        result.LastCheck.ValidationLoss.Should().BeApproximately(Evaluate(validation, model), 1e-5);
    }

    [Fact]
    public void Train_FewSamplesAndAWideNetwork_StopsEarlyAtALowerValidationLoss()
    {
        var samples = SeedProblem.Mixture.Sample(new Random(3), 60);
        using var model = new MlpScoreModel(1, new MlpOptions { HiddenWidths = [32], Activation = Activation.Softplus });
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples[..40]);
        using var validation = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples[40..]);

        var result = trainer.Train(loss, validation, new EarlyStoppingOptions { MaxEpochs = 3000, Patience = 100, MinEpochs = 0 }).Members[0];

        result.StopReason.Should().Be(StopReason.NoImprovement);
        result.EpochsCompleted.Should().Be(result.BestEpoch!.Value + 100).And.BeLessThan(3000);
        result.LastCheck!.ValidationLoss.Should().BeGreaterThan(result.BestValidationLoss);
        result.LastCheck.TrainingLoss.Should().BeLessThan(result.BestCheck!.TrainingLoss, "the training loss kept falling while the validation loss rose");
        Evaluate(validation, model).Should().BeApproximately(result.BestValidationLoss, 1e-5, "the best parameters are back");
    }

    [Fact]
    public void Train_CancelledBeforeTheFirstEpoch_ReturnsTheStart()
    {
        using var model = new MlpScoreModel(3);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var result = trainer.Train(loss, loss, cancellationToken: cancelled.Token).Members[0];

        result.StopReason.Should().Be(StopReason.Cancelled);
        result.EpochsCompleted.Should().Be(0);
        result.Checks.Should().ContainSingle().Which.Epoch.Should().Be(0);
    }

    [Fact]
    public void Train_ManyEpochs_LiveTensorCountDoesNotGrow()
    {
        using var model = new MlpScoreModel(8);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples[..100]);
        using var validation = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples[100..]);
        var options = new EarlyStoppingOptions { MaxEpochs = 300, Patience = 1000 };
        trainer.Train(loss, validation, options with { MaxEpochs = 5 });
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.Train(loss, validation, options);

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Theory]
    [InlineData(0, 200, 1, 0.0, nameof(EarlyStoppingOptions.MaxEpochs))]
    [InlineData(100, 0, 1, 0.0, nameof(EarlyStoppingOptions.Patience))]
    [InlineData(100, -5, 1, 0.0, nameof(EarlyStoppingOptions.Patience))]
    [InlineData(100, 200, 0, 0.0, nameof(EarlyStoppingOptions.ValidationInterval))]
    [InlineData(100, 200, 1, -0.1, nameof(EarlyStoppingOptions.MinImprovement))]
    [InlineData(100, 200, 1, double.NaN, nameof(EarlyStoppingOptions.MinImprovement))]
    public void Train_OptionOutOfRange_ThrowsNamingIt(int maxEpochs, int patience, int interval, double minImprovement, string name)
    {
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        var options = new EarlyStoppingOptions { MaxEpochs = maxEpochs, Patience = patience, ValidationInterval = interval, MinImprovement = minImprovement };

        var act = () => trainer.Train(loss, loss, options).Members[0];

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(name);
        trainer.Epoch.Should().Be(0);
    }

    [Fact]
    public void Train_NullArguments_Throw()
    {
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);

        FluentActions.Invoking(() => trainer.Train(null!, loss)).Should().Throw<ArgumentNullException>().WithParameterName("loss");
        FluentActions.Invoking(() => trainer.Train(loss, (ScoreLoss)null!)).Should().Throw<ArgumentNullException>().WithParameterName("validationLoss");
    }

    /// <summary>A loss's value at the model's parameters, without gradients.</summary>
    private static double Evaluate(ScoreLoss loss, IScoreModel model)
    {
        using var noGrad = no_grad();
        using var value = loss.Compute(model);
        return value.ToDouble();
    }

    /// <summary>The parameters of a fresh network of the given seed after plain training on the samples.</summary>
    private static double[] Trained(long seed, int epochs)
    {
        using var model = new MlpScoreModel(seed);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        trainer.Train(loss, epochs);
        return ParameterSnapshot.Capture(model).Flatten();
    }

    /// <summary>A validation loss that ignores the model and returns the given values in turn, one per evaluation.</summary>
    private sealed class ScriptedLoss(params double[] values) : ScoreLoss
    {
        private int _calls;

        protected override Tensor ComputeCore(LossContext context) => tensor(values[_calls++], context.DType);
    }
}
