using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using FiniteDifferenceScoreMatching.Training;
using Xunit.Abstractions;

namespace FiniteDifferenceScoreMatching.Tests.Training;

/// <summary>The original example's configuration: 1→8→1 ReLU, Adam 0.03, 500 full-batch epochs.</summary>
public class SeedProblemTrainingTests(ITestOutputHelper output)
{
    private const int Epochs = 500;

    [Fact]
    public void ExplicitLoss_SeedProblem_ReachesRelativeFisherDivergenceBelowTwoPercent()
    {
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model);
        using var loss = new ExplicitScoreMatchingLoss(SeedProblem.Target);

        trainer.Train(loss, Epochs);

        var grid = SeedProblem.Grid;
        var fisher = DensityMetrics.RelativeFisherDivergence(grid, SeedProblem.Target.Density, model.ScoreAt(grid.Points), SeedProblem.Target.Score);
        output.WriteLine($"relative Fisher divergence after {Epochs} epochs of explicit score matching: {fisher:G4}");
        fisher.Should().BeLessThanOrEqualTo(0.02);
    }
}
