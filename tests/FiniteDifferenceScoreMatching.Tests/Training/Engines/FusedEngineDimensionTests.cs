using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training.Engines;

/// <summary>
/// The fused engine on d-dimensional finite-difference losses (a network d → H → d) against the TorchSharp engine: the
/// same directions from the same generator, the same losses and parameters up to rounding.
/// </summary>
public sealed class FusedEngineDimensionTests
{
    private static readonly double[,] Samples = MultivariateGaussianMixture.Diagonal(
        [0.4, 0.4, 0.2], [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]).Sample(new Random(3), 200);

    [Theory]
    [InlineData("sliced", Activation.Relu, null, 1)]
    [InlineData("sliced", Activation.Tanh, 64, 1)]
    [InlineData("sliced", Activation.Softplus, null, 3)]
    [InlineData("sliced", Activation.Silu, 48, 2)]
    [InlineData("coordinate", Activation.Relu, null, 1)]
    [InlineData("coordinate", Activation.Tanh, 64, 1)]
    [InlineData("coordinate", Activation.Softplus, null, 1)]
    public void Train_Float64_FollowsTheTorchSharpEngine(string name, Activation activation, int? batchSize, int directions)
    {
        var options = new MlpOptions { Dimension = 2, HiddenWidths = [16], Activation = activation, DType = ScalarType.Float64 };
        var trainerOptions = new TrainerOptions { LearningRate = 0.01, BatchSize = batchSize, Seed = 4 };

        (double[] Losses, double[] Parameters, bool Fused) Run(TrainingEngine engine)
        {
            using var model = new MlpScoreModel(5, options);
            using var trainer = new Trainer(model, trainerOptions with { Engine = engine });
            using ScoreLoss loss = name == "sliced"
                ? new SlicedFiniteDifferenceScoreMatchingLoss(Samples, epsilon: 0.1, directions: directions)
                : new CoordinateFiniteDifferenceScoreMatchingLoss(Samples, epsilon: 0.01);
            var losses = trainer.Train(loss, 30).Losses.ToArray();
            return (losses, ParameterSnapshot.Capture(model).Flatten(), trainer.LastRunWasFused);
        }

        var fused = Run(TrainingEngine.Automatic);
        var general = Run(TrainingEngine.TorchSharp);

        fused.Fused.Should().BeTrue();
        general.Fused.Should().BeFalse();
        CloseValues.Assert(fused.Losses, general.Losses, 1e-9);
        CloseValues.Assert(fused.Parameters, general.Parameters, 1e-9);
    }

    [Fact]
    public void Evaluate_SlicedLoss_DrawsFromTheLossesOwnGeneratorOnBothEngines()
    {
        var options = new MlpOptions { Dimension = 2, HiddenWidths = [8], Activation = Activation.Tanh, DType = ScalarType.Float64 };

        double Evaluate(TrainingEngine engine)
        {
            using var model = new MlpScoreModel(6, options);
            using var trainer = new Trainer(model, new TrainerOptions { Engine = engine });
            using var loss = new SlicedFiniteDifferenceScoreMatchingLoss(Samples);
            return trainer.Evaluate(loss)[0];
        }

        Evaluate(TrainingEngine.Automatic).Should().BeApproximately(Evaluate(TrainingEngine.TorchSharp), 1e-12);
    }

    [Theory]
    [InlineData(new[] { 16 }, 2, true)]
    [InlineData(new[] { 16, 16 }, 1, false)]
    [InlineData(new[] { 16 }, 3, false)]
    public void Train_TakesTheFusedEngineOnlyWhereItApplies(int[] widths, int members, bool fused)
    {
        var options = new MlpOptions { Dimension = 2, HiddenWidths = widths, DType = ScalarType.Float64 };
        using IScoreModel model = members == 1 ? new MlpScoreModel(1, options) : new MlpEnsemble(Enumerable.Range(1, members).Select(s => (long)s).ToArray(), options);
        using var trainer = new Trainer(model);
        using var loss = new SlicedFiniteDifferenceScoreMatchingLoss(Samples);

        trainer.Train(loss, 2);

        trainer.LastRunWasFused.Should().Be(fused && members == 1 && widths.Length == 1);
    }

    [Fact]
    public void Train_ManyEpochs_LiveTensorCountDoesNotGrow()
    {
        using var model = new MlpScoreModel(7, new MlpOptions { Dimension = 2, HiddenWidths = [16] });
        using var trainer = new Trainer(model, new TrainerOptions { BatchSize = 50 });
        using var loss = new SlicedFiniteDifferenceScoreMatchingLoss(Samples);
        trainer.Train(loss, 3);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.Train(loss, 50);

        trainer.LastRunWasFused.Should().BeTrue();
        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }
}
