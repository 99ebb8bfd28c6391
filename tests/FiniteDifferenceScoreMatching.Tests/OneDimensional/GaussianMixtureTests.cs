using FiniteDifferenceScoreMatching.OneDimensional;
using Xunit.Abstractions;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional;

public sealed class GaussianMixtureTests(ITestOutputHelper output)
{
    public static TheoryData<string, double[], double[], double[], string> InvalidParameterSets => new()
    {
        { "no components", [], [], [], "means" },
        { "fewer standard deviations", [0.0, 1.0], [1.0], [0.5, 0.5], "standardDeviations" },
        { "more standard deviations", [0.0], [1.0, 1.0], [1.0], "standardDeviations" },
        { "fewer weights", [0.0, 1.0], [1.0, 1.0], [1.0], "weights" },
        { "NaN mean", [0.0, double.NaN], [1.0, 1.0], [0.5, 0.5], "means" },
        { "infinite mean", [double.PositiveInfinity], [1.0], [1.0], "means" },
        { "zero standard deviation", [0.0, 1.0], [1.0, 0.0], [0.5, 0.5], "standardDeviations" },
        { "negative standard deviation", [0.0], [-1.0], [1.0], "standardDeviations" },
        { "NaN standard deviation", [0.0], [double.NaN], [1.0], "standardDeviations" },
        { "infinite standard deviation", [0.0], [double.PositiveInfinity], [1.0], "standardDeviations" },
        { "negative weight", [0.0, 1.0], [1.0, 1.0], [-0.1, 1.1], "weights" },
        { "NaN weight", [0.0, 1.0], [1.0, 1.0], [double.NaN, 1.0], "weights" },
        { "infinite weight", [0.0], [1.0], [double.PositiveInfinity], "weights" },
        { "weights summing to 0.9", [-3.0, 3.0], [1.0, 1.0], [0.1, 0.8], "weights" },
        { "weights summing to 1 + 1e-8", [-3.0, 3.0], [1.0, 1.0], [0.1, 0.9 + 1e-8], "weights" },
    };

    [Theory]
    [MemberData(nameof(InvalidParameterSets))]
    public void Ctor_InvalidParameters_ThrowWithParameterName(string scenario, double[] means, double[] standardDeviations, double[] weights, string parameterName)
    {
        var act = () => new GaussianMixture(means, standardDeviations, weights);

        act.Should().Throw<ArgumentException>(scenario).WithParameterName(parameterName);
    }

    [Theory]
    [MemberData(nameof(InvalidParameterSets))]
    public void IsValidParameterSet_InvalidParameters_IsFalse(string scenario, double[] means, double[] standardDeviations, double[] weights, string parameterName)
    {
        GaussianMixture.IsValidParameterSet(means, standardDeviations, weights).Should().BeFalse($"{scenario} is invalid ({parameterName})");
    }

    [Fact]
    public void Ctor_NegativeWeight_Throws()
    {
        var act = () => new GaussianMixture([0.0, 1.0], [1.0, 1.0], [1.25, -0.25]);

        act.Should().Throw<ArgumentException>().WithParameterName("weights").WithMessage("*index 1*");
    }

    [Fact]
    public void Ctor_NonPositiveStandardDeviation_ThrowsShowingIndex()
    {
        var act = () => new GaussianMixture([0.0, 1.0, 2.0], [1.0, 1.0, 0.0], [0.25, 0.25, 0.5]);

        act.Should().Throw<ArgumentException>().WithParameterName("standardDeviations").WithMessage("*index 2 is 0*");
    }

    [Fact]
    public void Ctor_MismatchedLengths_ThrowsShowingCounts()
    {
        var act = () => new GaussianMixture([0.0, 1.0, 2.0], [1.0, 1.0], [0.25, 0.25, 0.5]);

        act.Should().Throw<ArgumentException>().WithParameterName("standardDeviations").WithMessage("*3 means*got 2*");
    }

    [Fact]
    public void Ctor_NullArguments_Throw()
    {
        double[] valid = [1.0];

        FluentActions.Invoking(() => new GaussianMixture(null!, valid, valid)).Should().Throw<ArgumentNullException>().WithParameterName("means");
        FluentActions.Invoking(() => new GaussianMixture(valid, null!, valid)).Should().Throw<ArgumentNullException>().WithParameterName("standardDeviations");
        FluentActions.Invoking(() => new GaussianMixture(valid, valid, null!)).Should().Throw<ArgumentNullException>().WithParameterName("weights");
    }

    [Fact]
    public void IsValidParameterSet_ValidOrNull_AnswersWithoutThrowing()
    {
        GaussianMixture.IsValidParameterSet([-3.0, 3.0], [1.0, 1.0], [0.1, 0.9]).Should().BeTrue();
        GaussianMixture.IsValidParameterSet([-3.0, 3.0], [1.0, 1.0], [0.1, 0.9 + 1e-10]).Should().BeTrue("the weights may miss 1 by up to 1e-9");
        GaussianMixture.IsValidParameterSet([-3.0, 3.0], [1.0, 1.0], [0.0, 1.0]).Should().BeTrue("a zero weight is allowed");
        GaussianMixture.IsValidParameterSet(null!, [1.0], [1.0]).Should().BeFalse();
        GaussianMixture.IsValidParameterSet([1.0], null!, [1.0]).Should().BeFalse();
        GaussianMixture.IsValidParameterSet([1.0], [1.0], null!).Should().BeFalse();
    }

    [Fact]
    public void Ctor_CopiesParameters()
    {
        double[] means = [-3.0, 3.0];
        double[] standardDeviations = [1.0, 2.0];
        double[] weights = [0.1, 0.9];

        var mixture = new GaussianMixture(means, standardDeviations, weights);
        means[0] = 100.0;
        standardDeviations[0] = 100.0;
        weights[0] = 100.0;

        mixture.ComponentCount.Should().Be(2);
        mixture.Means.Should().Equal(-3.0, 3.0);
        mixture.StandardDeviations.Should().Equal(1.0, 2.0);
        mixture.Weights.Should().Equal(0.1, 0.9);
        mixture.Means.Should().NotBeAssignableTo<double[]>("callers must not be able to cast the parameters back to a mutable array");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(-1.7)]
    [InlineData(4.0)]
    [InlineData(-12.0)]
    public void Density_StandardNormal_MatchesFormula(double x)
    {
        var normal = StandardNormal();

        var expected = Math.Exp(-0.5 * x * x) / Math.Sqrt(2.0 * Math.PI);

        normal.Density(x).Should().BeApproximately(expected, 1e-15 * expected);
        normal.DensityLn(x).Should().BeApproximately(-(0.5 * x * x) - (0.5 * Math.Log(2.0 * Math.PI)), 1e-14 * (1.0 + (x * x)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(-1.7)]
    [InlineData(40.0)]
    [InlineData(-1e3)]
    public void Score_StandardNormal_IsExactlyMinusX(double x)
    {
        StandardNormal().Score(x).Should().Be(-x);
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(2.0)]
    [InlineData(7.5)]
    public void Score_SingleNormal_IsMinusDeviationOverVariance(double x)
    {
        var normal = new GaussianMixture([2.0], [0.5], [1.0]);

        normal.Score(x).Should().BeApproximately(-(x - 2.0) / 0.25, 1e-12);
    }

    [Theory]
    [InlineData(-6.0)]
    [InlineData(-3.0)]
    [InlineData(-1.0)]
    [InlineData(-0.366)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(6.0)]
    public void Score_NotebookMixture_MatchesDirectFormula(double x)
    {
        // Written out without logarithms: p'(x)/p(x) with p = 0.1 φ(x + 3) + 0.9 φ(x − 3), accurate for moderate x.
        var left = 0.1 * Math.Exp(-0.5 * (x + 3.0) * (x + 3.0));
        var right = 0.9 * Math.Exp(-0.5 * (x - 3.0) * (x - 3.0));
        var expected = ((-(x + 3.0) * left) - ((x - 3.0) * right)) / (left + right);

        NotebookMixture().Score(x).Should().BeApproximately(expected, 1e-12 * (1.0 + Math.Abs(expected)));
    }

    [Fact]
    public void Score_NotebookMixtureAtRightMode_IsNearlyZero()
    {
        // Score(3) = −0.6 e⁻¹⁸ / (0.1 e⁻¹⁸ + 0.9): the left component pulls slightly towards −3.
        var expected = -0.6 * Math.Exp(-18.0) / ((0.1 * Math.Exp(-18.0)) + 0.9);

        NotebookMixture().Score(3.0).Should().BeApproximately(expected, 1e-22);
        expected.Should().BeApproximately(-1.015e-8, 1e-11);
    }

    [Theory]
    [InlineData(-8.0)]
    [InlineData(-4.0)]
    [InlineData(-3.0)]
    [InlineData(-1.0)]
    [InlineData(-0.6)]
    [InlineData(-0.366)]
    [InlineData(-0.2)]
    [InlineData(0.0)]
    [InlineData(0.4)]
    [InlineData(3.0)]
    [InlineData(8.0)]
    public void Score_MatchesCentralDifferenceOfDensityLn(double x)
    {
        // Central difference with h = 1e-5. Here log p = −x²/2 + log(0.1 e^(−3x) + 0.9 e^(3x)) + const, so
        // (log p)''' = 27 tanh''(3x + ½ ln 9) is at most 21: truncation h²·21/6 ≈ 4e-10. Round-off
        // 2⁻⁵³ |log p| / h ≲ 2e-10. A tolerance of 1e-7 leaves a wide margin yet catches any real error.
        const double H = 1e-5;
        const double Tolerance = 1e-7;
        var mixture = NotebookMixture();

        var numerical = (mixture.DensityLn(x + H) - mixture.DensityLn(x - H)) / (2.0 * H);

        mixture.Score(x).Should().BeApproximately(numerical, Tolerance * (1.0 + Math.Abs(numerical)));
    }

    [Fact]
    public void Score_UnequalSpreads_MatchesCentralDifferenceOfDensityLn()
    {
        const double H = 1e-5;
        var mixture = new GaussianMixture([-1.0, 0.5, 4.0], [0.3, 2.0, 1.0], [0.2, 0.5, 0.3]);

        for (var x = -6.0; x <= 8.0; x += 0.25)
        {
            var numerical = (mixture.DensityLn(x + H) - mixture.DensityLn(x - H)) / (2.0 * H);
            mixture.Score(x).Should().BeApproximately(numerical, 1e-6 * (1.0 + Math.Abs(numerical)), $"at x = {x}");
        }
    }

    [Theory]
    [InlineData(-8.0)]
    [InlineData(-2.5)]
    [InlineData(0.0)]
    [InlineData(3.0)]
    [InlineData(8.0)]
    public void DensityLn_WhereDensityIsRepresentable_IsLogOfDensity(double x)
    {
        var mixture = NotebookMixture();

        mixture.DensityLn(x).Should().BeApproximately(Math.Log(mixture.Density(x)), 1e-13 * (1.0 + Math.Abs(x * x)));
    }

    [Theory]
    [InlineData(1e3, 0.9, 3.0)]
    [InlineData(-1e3, 0.1, -3.0)]
    public void DensityLn_FarTails_IsFiniteAndThatOfDominantComponent(double x, double weight, double mean)
    {
        var mixture = NotebookMixture();

        var expected = Math.Log(weight) - (0.5 * Math.Log(2.0 * Math.PI)) - (0.5 * (x - mean) * (x - mean));
        var actual = mixture.DensityLn(x);

        mixture.Density(x).Should().Be(0.0, "the density itself underflows there");
        double.IsFinite(actual).Should().BeTrue();
        actual.Should().BeApproximately(expected, 1e-14 * Math.Abs(expected));
    }

    [Theory]
    [InlineData(50.0, -47.0)]
    [InlineData(-50.0, 47.0)]
    [InlineData(1e3, -997.0)]
    [InlineData(-1e3, 997.0)]
    public void Score_AtLargeX_IsFinite(double x, double expected)
    {
        // −(x − μ)/σ² of the component that dominates: N(3, 1) on the right, N(−3, 1) on the left.
        var score = NotebookMixture().Score(x);

        double.IsFinite(score).Should().BeTrue();
        score.Should().BeApproximately(expected, 1e-12 * Math.Abs(expected));
    }

    [Theory]
    [InlineData(1e3)]
    [InlineData(-1e3)]
    [InlineData(1e200)]
    [InlineData(-1e200)]
    public void Score_AtLargeX_FollowsWidestComponent(double x)
    {
        // The σ = 3 component dominates both tails, even where ((x − μ)/σ)² overflows.
        var mixture = new GaussianMixture([0.0, 1.0], [1.0, 3.0], [0.99, 0.01]);

        var expected = -(x - 1.0) / 9.0;

        mixture.Score(x).Should().BeApproximately(expected, 1e-12 * Math.Abs(expected));
    }

    [Theory]
    [InlineData(1e156, -9.9e155)]
    [InlineData(-1e156, 9.9e155)]
    public void Score_WhereEverySquaredDistanceOverflows_FollowsTheWidestWeightedComponentFurthestTowardsX(double x, double expected)
    {
        // The widest component has weight 0 and is ignored; of the two next widest, with means ±10¹⁵⁴, the one towards x.
        var mixture = new GaussianMixture([-1e154, 5.0, 1e154, 0.0], [1.0, 50.0, 1.0, 1.0], [0.3, 0.0, 0.3, 0.4]);

        mixture.Score(x).Should().BeApproximately(expected, 1e-12 * Math.Abs(expected));
    }

    [Fact]
    public void Score_NextToAComponentWhoseOwnScoreOverflows_IsTheOtherComponentsScore()
    {
        // At 0.5 the component of mean 5 and σ = 10⁻²⁰⁰ has responsibility 0 and a score that overflows to +∞: 0 · ∞
        // must not turn the score into NaN.
        var mixture = new GaussianMixture([0.0, 5.0], [1.0, 1e-200], [0.5, 0.5]);

        mixture.Score(0.5).Should().BeApproximately(-0.5, 1e-15);
    }

    [Fact]
    public void Sample_DrawAtOrAboveTheRoundedWeightSum_TakesTheLastComponentWithWeight()
    {
        // 0.7 + 0.2 + 0.1 rounds to 1 − 2⁻⁵³, so the largest draw below 1 lies above every running sum; the last
        // component has weight 0, so the draw goes to the third. The normal draw is 0.5 · √(−2 ln 0.25 / 0.25).
        var mixture = new GaussianMixture([-10.0, 0.0, 10.0, 100.0], [1.0, 1.0, 1.0, 1.0], [0.7, 0.2, 0.1, 0.0]);
        var random = ScriptedRandom.Sequence(Math.BitDecrement(1.0), 0.75, 0.5);

        var sample = mixture.Sample(random, 1).Single();

        sample.Should().BeApproximately(10 + (0.5 * Math.Sqrt(-2 * Math.Log(0.25) / 0.25)), 1e-12);
    }

    [Fact]
    public void Score_NonFiniteArguments_AreInfiniteOrNaN()
    {
        var mixture = NotebookMixture();

        mixture.Score(double.PositiveInfinity).Should().Be(double.NegativeInfinity);
        mixture.Score(double.NegativeInfinity).Should().Be(double.PositiveInfinity);
        double.IsNaN(mixture.Score(double.NaN)).Should().BeTrue();
        mixture.DensityLn(double.PositiveInfinity).Should().Be(double.NegativeInfinity);
        double.IsNaN(mixture.DensityLn(double.NaN)).Should().BeTrue();
    }

    [Fact]
    public void Score_ZeroWeightComponent_IsIgnored()
    {
        var mixture = new GaussianMixture([-3.0, 3.0], [1.0, 1.0], [0.0, 1.0]);

        for (var x = -60.0; x <= 60.0; x += 7.5)
        {
            mixture.Score(x).Should().BeApproximately(-(x - 3.0), 1e-12, $"at x = {x}");
        }
    }

    [Fact]
    public void Density_NotebookMixture_IntegratesToOneOnWideGrid()
    {
        var grid = new UniformGrid(-30.0, 30.0, 6001);

        var mass = grid.Integrate(grid.Evaluate(NotebookMixture().Density));

        mass.Should().BeApproximately(1.0, 1e-9);
    }

    [Fact]
    public void Density_UnequalSpreads_IntegratesToOneOnWideGrid()
    {
        var grid = new UniformGrid(-30.0, 30.0, 6001);
        var mixture = new GaussianMixture([-1.0, 0.5, 4.0], [0.3, 2.0, 1.0], [0.2, 0.5, 0.3]);

        grid.Integrate(grid.Evaluate(mixture.Density)).Should().BeApproximately(1.0, 1e-9);
    }

    [Theory]
    [InlineData(-8.0, 2.8665157187919393e-8)]
    [InlineData(-3.0, 0.050000000887928883)]
    [InlineData(0.0, 0.10107991842530408)]
    [InlineData(3.0, 0.54999999990134125)]
    public void CumulativeDistribution_NotebookMixture_MatchesReference(double x, double expected)
    {
        // References: 0.1 Φ(x + 3) + 0.9 Φ(x − 3) in 40-digit arithmetic (mpmath).
        NotebookMixture().CumulativeDistribution(x).Should().BeApproximately(expected, 1e-13 * expected);
    }

    [Fact]
    public void CumulativeDistribution_Increments_MatchIntegratedDensity()
    {
        var mixture = new GaussianMixture([-1.0, 0.5, 4.0], [0.3, 2.0, 1.0], [0.2, 0.5, 0.3]);
        var grid = new UniformGrid(-2.0, 5.0, 7001);

        var integral = grid.Integrate(grid.Evaluate(mixture.Density));
        var increment = mixture.CumulativeDistribution(5.0) - mixture.CumulativeDistribution(-2.0);

        // Trapezoid error (b − a) h² max|p''| / 12 with h = 1e-3 and |p''| ≲ 9 is below 6e-6.
        increment.Should().BeApproximately(integral, 6e-6);
    }

    [Fact]
    public void CumulativeDistribution_Limits_AreZeroAndOne()
    {
        var mixture = NotebookMixture();

        mixture.CumulativeDistribution(double.NegativeInfinity).Should().Be(0.0);
        mixture.CumulativeDistribution(double.PositiveInfinity).Should().Be(1.0);
        mixture.CumulativeDistribution(40.0).Should().BeApproximately(1.0, 1e-15);

        // Still relative accuracy deep in the lower tail: 0.1 Φ(−37) + 0.9 Φ(−43) (mpmath). Rounding −z/√2
        // alone costs up to z² · 2⁻⁵³ ≈ 1.5e-13 here, since erfc(t) has relative condition number 2t².
        const double Expected = 5.7255712225245771e-301;
        mixture.CumulativeDistribution(-40.0).Should().BeApproximately(Expected, 1e-12 * Expected);
    }

    [Fact]
    public void Sample_NotebookMixture_PassesKolmogorovSmirnovTest()
    {
        const int N = 20000;
        var mixture = NotebookMixture();
        var samples = mixture.Sample(new Random(20240607), N);
        Array.Sort(samples);

        // D = sup |F_n − F|, attained at a sample: just after it (i + 1)/n − F, just before it F − i/n.
        var statistic = 0.0;
        for (var i = 0; i < N; i++)
        {
            var cdf = mixture.CumulativeDistribution(samples[i]);
            statistic = Math.Max(statistic, Math.Max(((i + 1.0) / N) - cdf, cdf - ((double)i / N)));
        }

        var critical = 1.628 / Math.Sqrt(N);
        output.WriteLine($"Kolmogorov–Smirnov: D = {statistic:F6}, critical value at α = 0.01: {critical:F6}");

        statistic.Should().BeGreaterThan(0.0);
        statistic.Should().BeLessThan(critical);
    }

    [Fact]
    public void Sample_NotebookMixture_FractionBelowZeroIsAboutTenPercent()
    {
        const int N = 20000;
        var samples = NotebookMixture().Sample(new Random(7), N);

        // P(X < 0) = 0.1 Φ(3) + 0.9 Φ(−3); four standard errors √(p(1 − p)/n) ≈ 0.0085.
        const double P = 0.10107991842530408;
        var standardError = Math.Sqrt(P * (1.0 - P) / N);
        var fraction = samples.Count(x => x < 0) / (double)N;
        output.WriteLine($"Fraction below 0: {fraction:F5} (expected {P:F5} ± {standardError:F5})");

        fraction.Should().BeApproximately(P, 4.0 * standardError);
    }

    [Fact]
    public void Sample_StandardNormal_HasUnitMoments()
    {
        const int N = 20000;
        var samples = StandardNormal().Sample(new Random(11), N);

        var mean = samples.Average();
        var variance = samples.Sum(x => (x - mean) * (x - mean)) / (N - 1);

        // Standard errors: 1/√n ≈ 0.0071 for the mean, √(2/n) ≈ 0.01 for the variance; allow five.
        mean.Should().BeApproximately(0.0, 0.036);
        variance.Should().BeApproximately(1.0, 0.05);
    }

    [Fact]
    public void Sample_ZeroWeightComponent_IsNeverDrawn()
    {
        var mixture = new GaussianMixture([-100.0, 0.0, 100.0], [1.0, 1.0, 1.0], [0.0, 1.0, 0.0]);

        mixture.Sample(new Random(3), 5000).Should().OnlyContain(x => Math.Abs(x) < 10.0);
    }

    [Fact]
    public void Sample_SameSeed_GivesIdenticalSamples()
    {
        var mixture = NotebookMixture();

        var first = mixture.Sample(new Random(42), 1001);
        var second = mixture.Sample(new Random(42), 1001);

        second.Should().Equal(first);
    }

    [Fact]
    public void Sample_DifferentSeeds_GiveDifferentSamples()
    {
        var mixture = NotebookMixture();

        var first = mixture.Sample(new Random(42), 1000);
        var second = mixture.Sample(new Random(43), 1000);

        second.Should().NotEqual(first);
        first.Intersect(second).Should().BeEmpty("independent continuous draws should not coincide");
    }

    [Fact]
    public void Sample_NullRandom_Throws()
    {
        var act = () => NotebookMixture().Sample(null!, 10);

        act.Should().Throw<ArgumentNullException>().WithParameterName("random");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Sample_NonPositiveCount_Throws(int count)
    {
        var act = () => NotebookMixture().Sample(new Random(1), count);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("count");
    }

    /// <summary>The example of the notebook: 0.1 N(−3, 1) + 0.9 N(3, 1).</summary>
    private static GaussianMixture NotebookMixture() => new([-3.0, 3.0], [1.0, 1.0], [0.1, 0.9]);

    private static GaussianMixture StandardNormal() => new([0.0], [1.0], [1.0]);
}
