using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training.Engines;

/// <summary>
/// The fused engine on an ensemble (default Adam, one hidden layer, a finite-difference loss) against the TorchSharp
/// engine, and what happens to a member whose update is not finite on it.
/// </summary>
public class FusedEngineEnsembleTests
{
    private static readonly long[] Seeds = [3, 5, 8];
    private readonly double[] _samples = SeedProblem.Samples(200);

    [Theory]
    [InlineData(Activation.Tanh, 0.0)]
    [InlineData(Activation.Relu, 0.2)]
    [InlineData(Activation.Softplus, 0.0)]
    public void Train_Float64_FollowsTheGeneralPath(Activation activation, double curvature)
    {
        var options = new MlpOptions { Activation = activation, DType = ScalarType.Float64 };
        using ScoreLoss loss = curvature == 0 ? new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples) : new CurvaturePenalizedScoreMatchingLoss(_samples, curvature);
        using var fusedEnsemble = new MlpEnsemble(Seeds, options);
        using var generalEnsemble = new MlpEnsemble(Seeds, options);
        using var fused = new Trainer(fusedEnsemble);
        using var general = new Trainer(generalEnsemble, TrainingPaths.General);

        var fusedResult = fused.Train(loss, 30);
        var generalResult = general.Train(loss, 30);

        fused.LastRunWasFused.Should().BeTrue();
        general.LastRunWasFused.Should().BeFalse();
        for (var k = 0; k < Seeds.Length; k++)
        {
            CloseValues.Assert([.. fusedResult.Members[k].Losses], [.. generalResult.Members[k].Losses], 1e-9);
        }

        CloseValues.Assert(Flatten(fusedEnsemble), Flatten(generalEnsemble), 1e-9);
        CloseValues.Assert([.. fused.Evaluate(loss)], [.. general.Evaluate(loss)], 1e-12);
    }

    [Fact]
    public void Train_GeneralPathAfterFusedPath_ContinuesFromTheWrittenBackState()
    {
        var options = new MlpOptions { Activation = Activation.Tanh, DType = ScalarType.Float64 };
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
        var opaque = new OpaqueEnsembleLoss(loss);
        using var mixedEnsemble = new MlpEnsemble(Seeds, options);
        using var generalEnsemble = new MlpEnsemble(Seeds, options);
        using var mixed = new Trainer(mixedEnsemble);
        using var general = new Trainer(generalEnsemble);

        mixed.Train(loss, 15);
        mixed.Train(opaque, 15);
        general.Train(opaque, 30);

        general.LastRunWasFused.Should().BeFalse();
        CloseValues.Assert(Flatten(mixedEnsemble), Flatten(generalEnsemble), 1e-9);
    }

    [Fact]
    public void Train_MemberWithOverflowingParameters_IsFrozenAndTheOthersAreUnaffected()
    {
        var options = new MlpOptions { DType = ScalarType.Float64 };
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
        using var ensemble = new MlpEnsemble(Seeds, options);
        using var clean = new MlpEnsemble(Seeds, options);
        using (no_grad())
        using (var weights = ensemble.Weights[0][1])
        using (var bias = ensemble.Biases[1][1])
        {
            weights.fill_(1e300);
            bias.fill_(1e300);
        }

        using var trainer = new Trainer(ensemble);
        using var cleanTrainer = new Trainer(clean);
        using var before = ensemble.ToModel(1);

        var result = trainer.Train(loss, 10);
        var reference = cleanTrainer.Train(loss, 10);

        trainer.LastRunWasFused.Should().BeTrue();
        result.StopReason.Should().Be(StopReason.Completed);
        result.Members.Select(m => m.StopReason).Should().Equal(StopReason.Completed, StopReason.NonFinite, StopReason.Completed);
        result.Members[1].Losses.Should().BeEmpty();
        result.Members[0].Losses.Should().Equal(reference.Members[0].Losses);
        result.Members[2].Losses.Should().Equal(reference.Members[2].Losses);
        using var member = ensemble.ToModel(1);
        ParameterSnapshot.Capture(member).Flatten().Should().Equal(ParameterSnapshot.Capture(before).Flatten(), "a frozen member keeps the parameters it had");
        trainer.Evaluate(loss)[1].Should().Match(v => !double.IsFinite(v));
    }

    [Fact]
    public void Train_Float32LossBeyondFloat32Range_StopsAtTheSameEpochAsTheTorchSharpEngine()
    {
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);

        int[] FirstNonFinite(TrainerOptions options)
        {
            using var ensemble = new MlpEnsemble(Seeds);
            using var trainer = new Trainer(ensemble, options);
            var result = trainer.Train(loss, 20);
            return result.Members.Select(m => m.StopReason == StopReason.NonFinite ? m.Losses.Count : -1).ToArray();
        }

        var fused = FirstNonFinite(new TrainerOptions { LearningRate = 1e10 });
        var general = FirstNonFinite(TrainingPaths.General with { LearningRate = 1e10 });

        general.Should().OnlyContain(i => i >= 0, "every member overflows float32 at this learning rate");
        fused.Should().Equal(general);
    }

    [Theory]
    [InlineData(Activation.Relu, new[] { 8 }, ScalarType.Float32, true)]
    [InlineData(Activation.Softplus, new[] { 32 }, ScalarType.Float64, true)]
    [InlineData(Activation.Softplus, new[] { 32 }, ScalarType.Float32, false)]
    [InlineData(Activation.Tanh, new[] { 8, 8 }, ScalarType.Float64, false)]
    public void Train_TakesTheFusedPathWhereTheTrainerWould(Activation activation, int[] widths, ScalarType dtype, bool fused)
    {
        using var ensemble = new MlpEnsemble(Seeds, new MlpOptions { Activation = activation, HiddenWidths = widths, DType = dtype });
        using var trainer = new Trainer(ensemble);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);

        trainer.Train(loss, 2);

        trainer.LastRunWasFused.Should().Be(fused);
    }

    private static double[] Flatten(MlpEnsemble ensemble) =>
        ensemble.NamedParameters().SelectMany(p => TestModels.ToArray(p.Parameter.flatten())).ToArray();

    /// <summary>The same loss behind a type the fused engine does not know, so training takes TorchSharp's.</summary>
    private sealed class OpaqueEnsembleLoss(EmpiricalFiniteDifferenceScoreMatchingLoss inner) : ScoreLoss
    {
        protected override Tensor ComputeCore(LossContext context) => inner.ComputeEach(context);
    }
}
