using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;

namespace FiniteDifferenceScoreMatching.Tests.Models;

/// <summary>The score of a mixture whose components have score models of their own.</summary>
public sealed class MixtureScoreModelTests
{
    [Fact]
    public void Score_IsTheMixturesScore_TheComponentsWeightedByTheirShares()
    {
        // ¼ N(−3, 1) + ¾ N(3, 1), each component with its exact score: the mixture's score is
        // Σₖ πₖ(x) (μₖ − x), πₖ(x) ∝ wₖ exp(−(x − μₖ)² / 2).
        using var model = TwoGaussians();
        double[] points = [-6, -3, -1, 0, 0.5, 2, 5];

        var scores = model.ScoreAt(points);

        var expected = points.Select(x =>
        {
            var (left, right) = (0.25 * Math.Exp(-(x + 3) * (x + 3) / 2), 0.75 * Math.Exp(-(x - 3) * (x - 3) / 2));
            return ((left * (-3 - x)) + (right * (3 - x))) / (left + right);
        }).ToArray();
        CloseValues.Assert(scores, expected, 1e-6);
    }

    [Fact]
    public void NamedParameters_NameEachComponentsParameters()
    {
        using var model = TwoGaussians();

        model.NamedParameters().Select(p => p.Name).Should().Equal("component0.weight", "component0.bias", "component1.weight", "component1.bias");
    }

    [Fact]
    public void Constructor_ComponentsNotOnePerDensityOrFewerThanTwo_ThrowsNamingThem()
    {
        var density = TwoGaussianDensity();
        using var one = TestModels.Affine(-1, 0);
        using var other = TestModels.Affine(-1, 0);
        using var third = TestModels.Affine(-1, 0);

        ((Action)(() => _ = new MixtureScoreModel([one, other, third], density))).Should().Throw<ArgumentException>()
            .WithParameterName("components").WithMessage("A mixture of 2 densities needs as many score models, at least two; got 3.*");
        var single = ScoreDensity.Mixture([Gaussian(0)], [new DensityRegion(-10, 10, 1, 1, 1)]);
        ((Action)(() => _ = new MixtureScoreModel([one], single))).Should().Throw<ArgumentException>()
            .WithParameterName("components").WithMessage("A mixture of 1 densities*got 1.*");
    }

    /// <summary>¼ N(−3, 1) + ¾ N(3, 1), with the exact score of each component as an affine model.</summary>
    internal static MixtureScoreModel TwoGaussians() => new([TestModels.Affine(-1, -3), TestModels.Affine(-1, 3)], TwoGaussianDensity());

    private static ScoreDensity TwoGaussianDensity() =>
        ScoreDensity.Mixture([Gaussian(-3), Gaussian(3)], [new DensityRegion(-10, 0, 1, 0.5, 0.25), new DensityRegion(0, 10, 3, 0.5, 0.75)]);

    private static ScoreDensity Gaussian(double mean)
    {
        var grid = new UniformGrid(-12, 12, 4801);
        return ScoreDensity.FromScore(grid, grid.Points.Select(x => mean - x).ToArray());
    }
}
