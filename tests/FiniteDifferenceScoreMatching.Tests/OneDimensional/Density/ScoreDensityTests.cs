using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using Xunit.Abstractions;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional.Density;

public sealed class ScoreDensityTests(ITestOutputHelper output)
{
    private static readonly UniformGrid Grid = new(-5, 5, 4097);

    [Fact]
    public void FromScore_ExactNormalScore_MatchesTheNormalDensityInsideTheGrid()
    {
        var density = ScoreDensity.FromScore(Grid, Grid.Evaluate(x => -x));

        var worst = new[] { -4.9, -2.5, -0.3, 0, 1.7, 4.2 }.Max(x => Math.Abs(density.DensityLn(x) - NormalLn(x)));
        output.WriteLine($"largest error in log p inside [-5, 5]: {worst:E2}; CDF(0) = {density.CumulativeDistribution(0):R}; quantile(0.975) = {density.InverseCumulativeDistribution(0.975):R}");

        worst.Should().BeLessThan(1e-5);
        density.CumulativeDistribution(0).Should().BeApproximately(0.5, 1e-9);
        density.InverseCumulativeDistribution(0.975).Should().BeApproximately(1.959964, 1e-4);
    }

    [Fact]
    public void FromScore_BeyondTheGrid_TailFallsAtTheRateOfTheScoreAtTheEdge()
    {
        var density = ScoreDensity.FromScore(Grid, Grid.Evaluate(x => -x));

        // At the right edge the score is −5, so log p falls by 5 per unit beyond it; at the left edge it is +5.
        (density.DensityLn(6) - density.DensityLn(5)).Should().BeApproximately(-5, 1e-9);
        (density.DensityLn(-7) - density.DensityLn(-5)).Should().BeApproximately(-10, 1e-9);
        density.CumulativeDistribution(double.PositiveInfinity).Should().Be(1);
        density.CumulativeDistribution(50).Should().BeApproximately(1, 1e-12);
    }

    [Fact]
    public void FromScore_ScoreNotFallingAtAnEdge_TailsStillIntegrable()
    {
        // A flat score: the uniform density on the grid, with tails at the smallest rate, one over the grid's width.
        var grid = new UniformGrid(0, 2, 101);
        var density = ScoreDensity.FromScore(grid, new double[grid.Count]);

        var inside = density.CumulativeDistribution(2) - density.CumulativeDistribution(0);
        output.WriteLine($"mass on the grid {inside:F6}, density at 1: {density.Density(1):F6}");

        inside.Should().BeApproximately(1.0 / 3, 1e-9, "each tail holds p / rate = p · width, as much as the grid itself");
        (density.DensityLn(3) - density.DensityLn(2)).Should().BeApproximately(-0.5, 1e-12);
    }

    [Fact]
    public void InverseCumulativeDistribution_RoundTripsWithTheDistributionFunction()
    {
        var density = ScoreDensity.FromScore(Grid, Grid.Evaluate(x => -x));

        foreach (var probability in new[] { 1e-9, 1e-4, 0.01, 0.3, 0.5, 0.77, 0.999, 1 - 1e-7 })
        {
            density.CumulativeDistribution(density.InverseCumulativeDistribution(probability)).Should().BeApproximately(probability, 1e-9 + (1e-9 * probability));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void InverseCumulativeDistribution_NotAProbability_Throws(double probability)
    {
        var density = ScoreDensity.FromScore(Grid, Grid.Evaluate(x => -x));

        density.Invoking(d => d.InverseCumulativeDistribution(probability)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Sample_FollowsTheDistributionFunction()
    {
        var density = ScoreDensity.FromScore(Grid, Grid.Evaluate(x => -x));

        var samples = density.Sample(new Random(7), 20_000);
        Array.Sort(samples);
        var statistic = samples.Select((x, i) => Math.Max(Math.Abs(NormalCdf(x) - ((double)i / samples.Length)), Math.Abs(NormalCdf(x) - ((double)(i + 1) / samples.Length)))).Max();
        output.WriteLine($"Kolmogorov-Smirnov statistic of 20,000 samples against N(0, 1): {statistic:F4} (1 % critical value 0.0115)");

        statistic.Should().BeLessThan(0.0115);
    }

    [Fact]
    public void MeanLogLikelihood_IsTheMeanLogDensity()
    {
        var density = ScoreDensity.FromScore(Grid, Grid.Evaluate(x => -x));
        double[] samples = [-1, 0.5, 2, 7];

        density.MeanLogLikelihood(samples).Should().BeApproximately(samples.Average(density.DensityLn), 1e-12);
        density.Invoking(d => d.MeanLogLikelihood([])).Should().Throw<ArgumentException>();
        density.Invoking(d => d.MeanLogLikelihood([double.NaN])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Create_TwoGroupsAcrossAGap_GivesEachRegionItsSampleShare()
    {
        // The score of an equal mixture of N(−10, 1) and N(10, 1), but 300 samples on the left and 700 on the right.
        var grid = new UniformGrid(-16, 16, 3201);
        var score = grid.Evaluate(new FiniteDifferenceScoreMatching.OneDimensional.GaussianMixture([-10.0, 10.0], [1.0, 1.0], [0.5, 0.5]).Score);
        var samples = Enumerable.Range(0, 300).Select(i => -10 + ((i - 150) / 100.0)).Concat(Enumerable.Range(0, 700).Select(i => 10 + ((i - 350) / 300.0))).ToArray();
        var below = GridDensity.CountBelowNodes(samples, grid.Start, grid.Step, grid.Count);

        var density = ScoreDensity.Create(CoordinateMap.Identity, grid.Start, grid.Step, score, [(-8.5, 8.8)], below, samples.Length);

        density.Regions.Should().HaveCount(2);
        density.Regions[0].SampleCount.Should().Be(300);
        density.Regions[0].Mass.Should().BeApproximately(300.5 / 1001, 1e-12);
        density.Regions[0].ScoreMass.Should().BeApproximately(0.5, 1e-3);
        density.CumulativeDistribution(density.Regions[0].Upper).Should().BeApproximately(300.5 / 1001, 1e-9);
        density.CumulativeDistribution(-10).Should().BeApproximately(0.5 * 300.5 / 1001, 1e-6);
    }

    [Fact]
    public void Create_ARegionThousandsOfNatsBelowTheOther_StillGetsItsSampleShare()
    {
        // The score of N(−12, 1) left of 0 and of N(12, 1/30²) right of it: the right peak stands about 2,000 nats above
        // the left, far beyond what a double holds as a ratio of densities, so the left region's mass by the score
        // underflows against the right's; its share of the samples still sets its mass, and the density stays finite.
        var grid = new UniformGrid(-16, 16, 3201);
        var score = grid.Evaluate(x => x < 0 ? -(x + 12) : -900 * (x - 12));
        var samples = Enumerable.Range(0, 200).Select(i => -12 + ((i - 100) / 50.0)).Concat(Enumerable.Range(0, 800).Select(i => 12 + ((i - 400) / 4000.0))).ToArray();
        var below = GridDensity.CountBelowNodes(samples, grid.Start, grid.Step, grid.Count);

        var density = ScoreDensity.Create(CoordinateMap.Identity, grid.Start, grid.Step, score, [(-9, 9)], below, samples.Length);

        density.Regions.Should().HaveCount(2);
        density.Regions[0].Upper.Should().BeApproximately(0, grid.Step);
        density.Regions[0].ScoreMass.Should().Be(0);
        density.Regions[0].Mass.Should().BeApproximately(200.5 / 1001, 1e-12);
        density.CumulativeDistribution(-12).Should().BeApproximately(0.5 * 200.5 / 1001, 1e-3);
        new[] { -15.0, -12, -5, 0, 5, 12, 15 }.Should().OnlyContain(x => double.IsFinite(density.DensityLn(x)));
        density.DensityLn(-12).Should().BeApproximately(Math.Log(200.5 / 1001) + NormalLn(0), 1e-3);
    }

    [Fact]
    public void FindValleys_KeepsTheLowestPointBetweenPeaksThatRiseEnough_AndIgnoresShallowWiggles()
    {
        // Peaks at 0 and 4.0, a valley of depth 2 at index 3, a wiggle of depth 0.2 at index 6, then a fall.
        double[] logDensity = [-3, 0, -1, -2, -1, 0, -0.2, 0, -1, -3];

        GridDensity.FindValleys(logDensity, 1).Should().Equal(3);
        GridDensity.FindValleys(logDensity, 0.1).Should().Equal(3, 6);
        GridDensity.FindValleys(logDensity, 2.5).Should().BeEmpty();
    }

    [Fact]
    public void Create_CutAtValleys_GivesTheRegionsBetweenThemTheirSampleShares()
    {
        // The score of an equal mixture of N(−2, 0.5) and N(2, 0.5), whose valley at 0 is shallow but has samples,
        // and 400 samples on the left against 600 on the right.
        var grid = new UniformGrid(-6, 6, 2401);
        var score = grid.Evaluate(new FiniteDifferenceScoreMatching.OneDimensional.GaussianMixture([-2.0, 2.0], [0.5, 0.5], [0.5, 0.5]).Score);
        var samples = Enumerable.Range(0, 400).Select(i => -2 + ((i - 200) / 100.0)).Concat(Enumerable.Range(0, 600).Select(i => 2 + ((i - 300) / 150.0))).ToArray();
        var below = GridDensity.CountBelowNodes(samples, grid.Start, grid.Step, grid.Count);

        var plain = ScoreDensity.Create(CoordinateMap.Identity, grid.Start, grid.Step, score, [], below, samples.Length);
        var cut = ScoreDensity.Create(CoordinateMap.Identity, grid.Start, grid.Step, score, [], below, samples.Length, valleyRatio: 1.5);

        plain.Regions.Should().ContainSingle();
        cut.Regions.Should().HaveCount(2);
        cut.Regions[0].Upper.Should().BeApproximately(0, grid.Step);
        cut.Regions[0].SampleCount.Should().Be(400);
        cut.CumulativeDistribution(cut.Regions[0].Upper).Should().BeApproximately(400.5 / 1001, 1e-9);
    }

    [Fact]
    public void Mixture_OfTwoComponents_IsTheirWeightedSum()
    {
        var mixture = QuarterThreeQuarters();

        foreach (var x in new[] { -6.0, -3, -0.4, 0, 1.5, 3, 5.5 })
        {
            var expected = Math.Log((0.25 * Math.Exp(NormalLn(x + 3))) + (0.75 * Math.Exp(NormalLn(x - 3))));
            mixture.DensityLn(x).Should().BeApproximately(expected, 1e-5, "at x = {0}", x);
            mixture.Density(x).Should().BeApproximately(Math.Exp(expected), 1e-6);
            mixture.CumulativeDistribution(x).Should().BeApproximately((0.25 * NormalCdf(x + 3)) + (0.75 * NormalCdf(x - 3)), 1e-6);
        }

        mixture.Regions.Select(r => r.Mass).Should().Equal(0.25, 0.75);
        mixture.ComponentCount.Should().Be(2);
    }

    [Fact]
    public void Mixture_WhereEveryComponentUnderflows_IsMinusInfinity_AndNaNStaysNaN()
    {
        var mixture = QuarterThreeQuarters();

        mixture.DensityLn(double.PositiveInfinity).Should().Be(double.NegativeInfinity);
        mixture.DensityLn(double.NegativeInfinity).Should().Be(double.NegativeInfinity);
        mixture.DensityLn(double.NaN).Should().Be(double.NaN);
        mixture.CumulativeDistribution(double.NaN).Should().Be(double.NaN);
        mixture.CumulativeDistribution(double.PositiveInfinity).Should().Be(1);
        mixture.CumulativeDistribution(double.NegativeInfinity).Should().Be(0);
    }

    [Fact]
    public void ComponentShares_AreEachComponentsPartOfTheDensity()
    {
        var mixture = QuarterThreeQuarters();
        var shares = new double[2];

        // At 0 both components have the same density, so the shares are the weights.
        mixture.ComponentShares(0, shares);
        shares[0].Should().BeApproximately(0.25, 1e-6);
        shares[1].Should().BeApproximately(0.75, 1e-6);

        // At −1 the left component's density is e⁶ times the right one's: 0.25 e⁶ / (0.25 e⁶ + 0.75).
        mixture.ComponentShares(-1, shares);
        var left = 0.25 * Math.Exp(6) / ((0.25 * Math.Exp(6)) + 0.75);
        shares[0].Should().BeApproximately(left, 1e-5);
        shares[1].Should().BeApproximately(1 - left, 1e-5);

        // Where both densities underflow, the first of the highest takes everything.
        mixture.ComponentShares(double.PositiveInfinity, shares);
        shares.Should().Equal(1, 0);
    }

    [Fact]
    public void ComponentShares_FarInATailWhereBothDensitiesAreTiny_StayNumbers()
    {
        // At −60 the two log-densities are about −470 and −830: their shares need the largest taken out first.
        var mixture = QuarterThreeQuarters();
        var shares = new double[2];

        mixture.ComponentShares(-60, shares);

        shares[0].Should().BeApproximately(1, 1e-12);
        shares[1].Should().BeInRange(0, 1e-12);
    }

    [Fact]
    public void Sample_PicksTheComponentWhoseWeightsHoldTheDraw_ThenInvertsItsDistributionFunction()
    {
        // Weights 0.2, 0.3, 0.5: a draw of 0.45 lies in [0.2, 0.5), the second component's; a draw of exactly 0.2
        // also goes to the second. A probability of 0 is drawn again.
        var parts = UnitNormals(-5, 0, 5);
        var mixture = ScoreDensity.Mixture(parts, [Region(0.2), Region(0.3), Region(0.5)]);

        mixture.Sample(ScriptedRandom.Sequence(0.45, 0.0, 0.8), 1).Single().Should().Be(parts[1].InverseCumulativeDistribution(0.8));
        mixture.Sample(ScriptedRandom.Sequence(0.2, 0.1), 1).Single().Should().Be(parts[1].InverseCumulativeDistribution(0.1));
        mixture.Sample(ScriptedRandom.Sequence(0.7, 0.1), 1).Single().Should().Be(parts[2].InverseCumulativeDistribution(0.1));
    }

    [Fact]
    public void Sample_WeightsSummingToLessThanOne_PutTheRestOnTheLastComponent()
    {
        var parts = UnitNormals(-5, 5);
        var mixture = ScoreDensity.Mixture(parts, [Region(0.25), Region(0.7)]);

        mixture.Sample(ScriptedRandom.Sequence(0.97, 0.5), 1).Single().Should().Be(parts[1].InverseCumulativeDistribution(0.5));
    }

    [Fact]
    public void Sample_OfOneDensity_TakesOneDrawPerSample()
    {
        var density = ScoreDensity.FromScore(Grid, Grid.Evaluate(x => -x));

        density.Sample(ScriptedRandom.Sequence(0.3, 0.9), 2).Should().Equal(density.InverseCumulativeDistribution(0.3), density.InverseCumulativeDistribution(0.9));
    }

    [Fact]
    public void Mixture_InverseCumulativeDistribution_RoundTrips()
    {
        var mixture = QuarterThreeQuarters();

        foreach (var probability in new[] { 1e-6, 0.01, 0.2, 0.25, 0.5, 0.9, 1 - 1e-6 })
        {
            var x = mixture.InverseCumulativeDistribution(probability);
            mixture.CumulativeDistribution(x).Should().BeApproximately(probability, 1e-10, "at p = {0}", probability);
            MixtureCdf(x).Should().BeApproximately(probability, 1e-6);
        }
    }

    [Fact]
    public void Mixture_Sample_PicksComponentsByWeight_AndFollowsTheMixture()
    {
        var mixture = QuarterThreeQuarters();

        var samples = mixture.Sample(new Random(11), 20_000);
        var left = samples.Count(x => x < 0) / (double)samples.Length;
        Array.Sort(samples);
        var statistic = samples.Select((x, i) => Math.Max(Math.Abs(MixtureCdf(x) - ((double)i / samples.Length)), Math.Abs(MixtureCdf(x) - ((double)(i + 1) / samples.Length)))).Max();
        output.WriteLine($"share below 0: {left:F4}; Kolmogorov-Smirnov statistic against the mixture: {statistic:F4} (1 % critical value 0.0115)");

        left.Should().BeApproximately(0.25, 0.015);
        statistic.Should().BeLessThan(0.0115);
    }

    [Fact]
    public void Mixture_ComponentsAndRegionsThatDoNotMatch_Throw()
    {
        var left = ScoreDensity.FromScore(Grid, Grid.Evaluate(x => -(x + 3)));
        var mixture = QuarterThreeQuarters();
        DensityRegion[] regions = [new(double.NegativeInfinity, 0, 10, 0.5, 0.5), new(0, double.PositiveInfinity, 10, 0.5, 0.5)];

        FluentActions.Invoking(() => ScoreDensity.Mixture([left], regions)).Should().Throw<ArgumentException>().WithParameterName("components");
        FluentActions.Invoking(() => ScoreDensity.Mixture([left, mixture], regions)).Should().Throw<ArgumentException>().WithParameterName("components");
    }

    [Fact]
    public void Create_InTheSinhArcsinhCoordinate_IsTheDensityOfTheMappedVariable()
    {
        // U = asinh(X) standard normal: p_X(x) = φ(asinh x) / √(1 + x²), F_X(x) = Φ(asinh x), quantiles sinh(Φ⁻¹(p)).
        var map = new CoordinateMap(0, 1, IsAsinh: true);
        var density = ScoreDensity.Create(map, Grid.Start, Grid.Step, Grid.Evaluate(u => -u), [], null, 0);

        foreach (var x in new[] { -30.0, -2, -0.5, 0, 1, 4, 60 })
        {
            var u = Math.Asinh(x);
            density.DensityLn(x).Should().BeApproximately(NormalLn(u) - (0.5 * Math.Log(1 + (x * x))), 1e-5, "at x = {0}", x);
            density.CumulativeDistribution(x).Should().BeApproximately(NormalCdf(u), 1e-7);
        }

        density.InverseCumulativeDistribution(0.975).Should().BeApproximately(Math.Sinh(1.959964), 1e-4);
    }

    private static DensityRegion Region(double mass) => new(double.NegativeInfinity, double.PositiveInfinity, 0, mass, mass);

    /// <summary>¼ N(−3, 1) + ¾ N(3, 1), as a mixture of the densities of the two components' exact scores.</summary>
    private static ScoreDensity QuarterThreeQuarters() =>
        ScoreDensity.Mixture(UnitNormals(-3, 3), [new(double.NegativeInfinity, 0, 25, 0.5, 0.25), new(0, double.PositiveInfinity, 75, 0.5, 0.75)]);

    private static double MixtureCdf(double x) => (0.25 * NormalCdf(x + 3)) + (0.75 * NormalCdf(x - 3));

    /// <summary>The densities of N(μ, 1) for each mean μ, recovered from their exact scores on [−12, 12].</summary>
    private static ScoreDensity[] UnitNormals(params double[] means)
    {
        var grid = new UniformGrid(-12, 12, 4801);
        return [.. means.Select(mean => ScoreDensity.FromScore(grid, grid.Evaluate(x => mean - x)))];
    }

    /// <summary>The log-density of N(0, 1).</summary>
    internal static double NormalLn(double x) => (-0.5 * x * x) - (0.5 * Math.Log(2 * Math.PI));

    private static double NormalCdf(double x) => 0.5 * FiniteDifferenceScoreMatching.Distributions.SpecialFunctions.Erfc(-x / Math.Sqrt(2));
}
