using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional.Density;

public sealed class GridDensityTests
{
    private static readonly UniformGrid Grid = new(-5, 5, 4097);

    [Fact]
    public void Tails_AreTheExponentialsOfTheScoreAtTheEnds()
    {
        // N(0, 1) on [−5, 5]: beyond 5 log p falls by 5 per unit from its value at 5, and the tail's mass is p / 5.
        var density = Standard();
        var atEnd = ScoreDensityTests.NormalLn(5);

        density.DensityLn(5).Should().BeApproximately(atEnd, 1e-5);
        density.DensityLn(7).Should().BeApproximately(atEnd - 10, 1e-5);
        density.DensityLn(-7).Should().BeApproximately(atEnd - 10, 1e-5);
        density.CumulativeDistribution(-7).Should().BeApproximately(Math.Exp(density.DensityLn(-7)) / 5, 1e-12 * density.CumulativeDistribution(-7));
        (1 - density.CumulativeDistribution(5.5)).Should().BeApproximately(Math.Exp(density.DensityLn(5.5)) / 5, 1e-6 * Math.Exp(density.DensityLn(5.5)) / 5);
    }

    [Theory]
    [InlineData(1e-12)]
    [InlineData(1e-9)]
    [InlineData(1e-7)]
    public void Quantile_InTheTails_InvertsTheDistributionFunctionToRelativePrecision(double tail)
    {
        var density = Standard();

        var left = density.InverseCumulativeDistribution(tail);
        var right = density.InverseCumulativeDistribution(1 - tail);

        left.Should().BeLessThan(-5);
        right.Should().BeGreaterThan(5);
        density.CumulativeDistribution(left).Should().BeApproximately(tail, 1e-9 * tail);
        (1 - density.CumulativeDistribution(right)).Should().BeApproximately(tail, 1e-3 * tail, "1 − F loses the digits of F near 1");
    }

    [Fact]
    public void Quantile_OfTheDistributionFunctionAtANode_IsThatNode()
    {
        var density = Standard();

        foreach (var node in new[] { Grid[1], Grid[700], Grid[2048], Grid[3500], Grid[4095] })
        {
            density.InverseCumulativeDistribution(density.CumulativeDistribution(node)).Should().BeApproximately(node, 1e-12, "at the node {0}", node);
        }
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.05)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.71)]
    [InlineData(0.98)]
    public void Quantile_OnACoarseGrid_StillInvertsTheDistributionFunction(double probability)
    {
        // Nodes one unit apart: within an interval the density changes by a factor of up to e³, so the quantile inside
        // it needs the Newton steps on the interval's mass, not the first linear guess.
        var grid = new UniformGrid(-4, 4, 9);
        var density = ScoreDensity.FromScore(grid, grid.Evaluate(x => -x));

        var x = density.InverseCumulativeDistribution(probability);

        density.CumulativeDistribution(x).Should().BeApproximately(probability, 1e-12);
    }

    [Fact]
    public void Create_ScoreWhoseChangeOverflows_Throws()
    {
        var act = () => ScoreDensity.FromScore(new UniformGrid(0, 1, 2), [1.7e308, -1.7e308]);

        act.Should().Throw<ArgumentException>().WithParameterName("score").WithMessage("*changes from*between nodes 0 and 1*");
    }

    [Fact]
    public void Create_IntegratedScoreThatOverflows_Throws()
    {
        var act = () => ScoreDensity.FromScore(new UniformGrid(0, 10, 2), [1e308, 1e308]);

        act.Should().Throw<ArgumentException>().WithParameterName("score").WithMessage("*overflows at node 1 (u = 10)*");
    }

    [Theory]
    [InlineData(3e4, 3e4)] // a steady slope of 3·10⁴ per unit
    [InlineData(5e4, -5e4)] // no change from node to node, but a rise of 1.25·10⁴ to the turn halfway
    public void Create_LogDensityChangingTooMuchWithinAnInterval_Throws(double from, double to)
    {
        var act = () => ScoreDensity.FromScore(new UniformGrid(0, 1, 2), [from, to]);

        act.Should().Throw<ArgumentException>().WithParameterName("score").WithMessage("*changes by more than 10000 between nodes 0 and 1*");
    }

    [Fact]
    public void Create_LogDensityRisingByExactlyTheLimit_PassesThatCheck_ButCannotBeNormalised()
    {
        // Slopes ±4·10⁴ over one unit: the log-density rises by exactly 10⁴ to the turn halfway, which the grid check
        // lets through, but the interval's mass, e^10000 times that of its ends, overflows.
        var act = () => ScoreDensity.FromScore(new UniformGrid(0, 1, 2), [4e4, -4e4]);

        act.Should().Throw<ArgumentException>().WithParameterName("score").WithMessage("*cannot be normalised*");
    }

    [Fact]
    public void FindValleys_NeedsTheFullDepthOnBothSides_TakesTheFirstLowestNode_AndNeverTheEnds()
    {
        // A fall of exactly the depth is not enough, and neither is a rise of exactly the depth.
        GridDensity.FindValleys([0, -1, 5, 0], 1).Should().BeEmpty();
        GridDensity.FindValleys([0, -2, -1, 0], 1).Should().BeEmpty();

        // Of two equally low nodes the first is the valley.
        GridDensity.FindValleys([0, -2, -2, 0, 0], 1).Should().Equal(1);

        // The last node is never a valley, however far the density rises to it.
        GridDensity.FindValleys([0, -2, 5], 1).Should().BeEmpty();
    }

    [Theory]
    [InlineData(3.75, 5.25, 5.0)] // nodes 6 to 8; the lowest is 8
    [InlineData(4.25, 100.0, 5.0)] // a gap beyond the grid ends at its last inner node
    [InlineData(1.5, 4.25, 3.5)] // nodes 1 to 6 hold the lower node 5
    [InlineData(4.5, 4.5, 4.5)] // a gap that is one node wide is cut there
    public void Create_CutsEachGapAtItsLowestNode(double lower, double upper, double cut)
    {
        var density = GapDensity([(lower, upper)]);

        density.Regions.Should().HaveCount(2);
        density.Regions[0].Upper.Should().Be(cut);
        density.Regions[1].Lower.Should().Be(cut);
    }

    [Fact]
    public void Create_GapBetweenTwoNodes_IsNotCut()
    {
        GapDensity([(4.1, 4.4)]).Regions.Should().ContainSingle();
    }

    [Fact]
    public void Create_TwoGaps_CountTheSamplesOfEachOfTheThreeRegions()
    {
        // Samples at 1.2 (2 of them), 4.1 (3) and 5.4 (5); gaps (1.5, 3.2) and (4.3, 5.2).
        var density = GapDensity([(1.5, 3.2), (4.3, 5.2)]);

        density.Regions.Select(r => r.SampleCount).Should().Equal(2, 3, 5);
        density.Regions.Select(r => r.Mass).Should().Equal(2.5 / 11.5, 3.5 / 11.5, 5.5 / 11.5);
    }

    [Fact]
    public void Create_WithSamplesButNothingToCut_IsOneRegionHoldingEverySample()
    {
        var density = GapDensity([]);

        var region = density.Regions.Should().ContainSingle().Which;
        region.SampleCount.Should().Be(10);
        region.Mass.Should().Be(1);
        region.ScoreMass.Should().Be(1);
    }

    /// <summary>
    /// The density on the nodes 1, 1.5, …, 6 whose log-density at the nodes is 0, −1, −2, −3, −4, −6, −5, −5.5, −5.8,
    /// −4, −2 (lowest at node 5, x = 3.5; of nodes 6 to 8, at node 8, x = 5), with the gaps given and ten samples.
    /// </summary>
    private static ScoreDensity GapDensity(IReadOnlyList<(double Lower, double Upper)> gaps)
    {
        const double start = 1;
        const double step = 0.5;
        double[] logDensity = [0, -1, -2, -3, -4, -6, -5, -5.5, -5.8, -4, -2];

        // The score whose trapezoid integral gives those values: s₀ = 0, then s_{j+1} = 2 Δⱼ / step − sⱼ.
        var score = new double[logDensity.Length];
        for (var j = 0; j + 1 < score.Length; j++)
        {
            score[j + 1] = (2 * (logDensity[j + 1] - logDensity[j]) / step) - score[j];
        }

        double[] samples = [1.2, 1.2, 4.1, 4.1, 4.1, 5.4, 5.4, 5.4, 5.4, 5.4];
        var below = GridDensity.CountBelowNodes(samples, start, step, score.Length);
        return ScoreDensity.Create(CoordinateMap.Identity, start, step, score, gaps, below, samples.Length);
    }

    private static ScoreDensity Standard() => ScoreDensity.FromScore(Grid, Grid.Evaluate(x => -x));
}
