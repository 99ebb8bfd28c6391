using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;
using Xunit.Abstractions;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional.Fitting;

public sealed class SplineFitTests(ITestOutputHelper output)
{
    private static readonly FitOptions Spline = new() { Method = FitMethod.Spline };

    [Fact]
    public void Fit_OriginalMixture_RecoversItsDensity()
    {
        var mixture = new GaussianMixture([-3.0, 3.0], [1.0, 1.0], [0.1, 0.9]);
        var samples = mixture.Sample(new Random(12345), 1024);

        using var fit = ScoreMatchingFit.Fit(samples, Spline);

        var l1 = L1(fit, mixture, -12, 12);
        var leftMass = fit.Distribution.CumulativeDistribution(0);
        output.WriteLine($"L1 {l1:F3}, mass below 0 {leftMass:F3}, {fit.Diagnostics.Elapsed.TotalMilliseconds:F0} ms, penalty {fit.Diagnostics.Smoothing[fit.Diagnostics.ChosenSmoothing].RelativePenalty:G2}, by region {fit.Diagnostics.FittedByRegion}");

        fit.Diagnostics.Method.Should().Be(FitMethod.Spline);
        l1.Should().BeLessThan(0.2);
        leftMass.Should().BeApproximately(0.1, 0.03);
        fit.Pdf.Should().Equal(fit.Grid.Points.Select(fit.Distribution.Density));
    }

    [Fact]
    public void Fit_SmallSample_ModelsScoreIsTheSlopeOfTheDensitysLogarithm()
    {
        // 60 samples of the original example give one spline.
        var mixture = new GaussianMixture([-3.0, 3.0], [1.0, 1.0], [0.1, 0.9]);

        using var fit = ScoreMatchingFit.Fit(mixture.Sample(new Random(1), 60), Spline);

        fit.Diagnostics.FittedByRegion.Should().BeFalse();
        fit.Model.Should().BeOfType<SplineScoreModel>();
        ShouldBeTheSlopeOfLogDensity(fit, [-5, -3.2, -1, 0.4, 2.9, 4.5]);
    }

    [Fact]
    public void Fit_DistantModesOfDifferentWidths_FitsEachRegionOnItsOwn_AndTheModelIsTheMixturesScore()
    {
        // Modes ten times apart in width: one penalty and one coordinate cannot suit both, one fit per region can.
        var mixture = new GaussianMixture([-8.0, 8.0], [0.3, 3.0], [0.5, 0.5]);

        using var fit = ScoreMatchingFit.Fit(mixture.Sample(new Random(4), 1024), Spline);

        var l1 = L1(fit, mixture, -20, 25);
        output.WriteLine($"L1 {l1:F3}; regions {fit.Diagnostics.Regions.Count}");
        fit.Diagnostics.FittedByRegion.Should().BeTrue();
        fit.Model.Should().BeOfType<MixtureScoreModel>();
        l1.Should().BeLessThan(0.15);
        ShouldBeTheSlopeOfLogDensity(fit, [-8.5, -8, -7.7, 2, 8, 12]);
    }

    [Fact]
    public void Fit_TwoGroupsAcrossAnEmptyGap_GivesEachItsSampleShare()
    {
        var mixture = new GaussianMixture([-10.0, 10.0], [1.0, 1.0], [0.3, 0.7]);
        var samples = mixture.Sample(new Random(2), 1024);
        var left = samples.Count(x => x < 0);

        using var fit = ScoreMatchingFit.Fit(samples, Spline);
        using var blind = ScoreMatchingFit.Fit(samples, Spline with { MixingProportions = false });

        var regions = fit.Diagnostics.Regions;
        output.WriteLine($"{left} of 1,024 samples below 0; masses below 0: with proportions {fit.Distribution.CumulativeDistribution(0):F3}, from the score alone {blind.Distribution.CumulativeDistribution(0):F3} ({regions[0].ScoreMass:F3})");

        regions.Should().HaveCount(2);
        regions[0].SampleCount.Should().Be(left);
        regions[0].Mass.Should().BeApproximately((left + 0.5) / 1025.0, 1e-12);
        fit.Distribution.CumulativeDistribution(0).Should().BeApproximately((left + 0.5) / 1025.0, 1e-4, "each region's component has tails beyond the cut, but thin ones");
        fit.Diagnostics.Warnings.Should().BeEmpty();
        blind.Diagnostics.HasWarning(FitWarningKind.EmptyGap).Should().BeTrue();
        blind.Diagnostics.Regions.Should().ContainSingle();
    }

    [Fact]
    public void Fit_ModesAcrossAShallowValley_CutsThereWhenThatPredictsBetter()
    {
        var mixture = new GaussianMixture([0.0, 4.0], [1.0, 0.5], [0.6, 0.4]);
        var samples = mixture.Sample(new Random(3), 1024);

        using var fit = ScoreMatchingFit.Fit(samples, Spline);
        using var blind = ScoreMatchingFit.Fit(samples, Spline with { MixingProportions = false });

        var diagnostics = fit.Diagnostics;
        var chosen = diagnostics.Smoothing[diagnostics.ChosenSmoothing];
        output.WriteLine($"cut at valleys: {chosen.CutsAtValleys}; regions {string.Join(", ", diagnostics.Regions.Select(r => $"[{r.Lower:F2}, {r.Upper:F2}] {r.SampleCount} samples, mass {r.Mass:F3} (score alone {r.ScoreMass:F3})"))}; L1 {L1(fit, mixture, -8, 10):F3}, without proportions {L1(blind, mixture, -8, 10):F3}");

        diagnostics.Smoothing.Should().HaveCount(2 * SplineFit.Penalties.Count).And.Contain(c => c.CutsAtValleys);
        chosen.CutsAtValleys.Should().BeTrue();
        diagnostics.Regions.Should().HaveCountGreaterThanOrEqualTo(2);
        diagnostics.Regions.Should().Contain(r => r.Upper > 1 && r.Upper < 3.5, "a valley lies between the modes");
        fit.Distribution.CumulativeDistribution(2.5).Should().BeApproximately(mixture.CumulativeDistribution(2.5), 0.03);
        blind.Diagnostics.Smoothing.Should().NotContain(c => c.CutsAtValleys);
        blind.Diagnostics.Regions.Should().ContainSingle();
    }

    [Fact]
    public void Fit_HeavyTails_GivesAHeldOutLikelihoodCloseToTheTruth()
    {
        // Student's t with 3 degrees of freedom, whose tails fall as |x|^-4.
        var random = new Random(11);
        double Draw() => Normal(random) / Math.Sqrt((Square(Normal(random)) + Square(Normal(random)) + Square(Normal(random))) / 3);
        var samples = Enumerable.Range(0, 2048).Select(_ => Draw()).ToArray();
        var test = Enumerable.Range(0, 20_000).Select(_ => Draw()).ToArray();

        using var fit = ScoreMatchingFit.Fit(samples, Spline);

        var truth = test.Average(x => Math.Log(6 * Math.Sqrt(3) / (Math.PI * Square(3 + (x * x)))));
        var fitted = fit.Distribution.MeanLogLikelihood(test);
        output.WriteLine($"held-out log-likelihood per sample: fit {fitted:F4}, truth {truth:F4}; log p at x = 1000: fit {fit.Distribution.DensityLn(1000):F2}, truth {Math.Log(6 * Math.Sqrt(3) / (Math.PI * Square(3 + 1e6))):F2}");

        fitted.Should().BeGreaterThan(truth - 0.02);
        double.IsFinite(fit.Distribution.DensityLn(1e6)).Should().BeTrue();
    }

    [Fact]
    public void Fit_SameSeed_GivesTheSameDensity()
    {
        var samples = new GaussianMixture([0.0], [1.0], [1.0]).Sample(new Random(4), 300);

        using var first = ScoreMatchingFit.Fit(samples, Spline with { Seed = 9 });
        using var second = ScoreMatchingFit.Fit(samples, Spline with { Seed = 9 });

        first.Pdf.Should().Equal(second.Pdf);
    }

    [Fact]
    public void Fit_CancelledToken_Throws()
    {
        var samples = new GaussianMixture([0.0], [1.0], [1.0]).Sample(new Random(4), 300);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var fit = () => ScoreMatchingFit.Fit(samples, Spline, cancelled.Token);

        fit.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void Fit_TooFewKnots_Throws()
    {
        var fit = () => ScoreMatchingFit.Fit([0.0, 1.0, 2.0], Spline with { SplineKnots = 3 });

        fit.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("SplineKnots");
    }

    private static double L1(FitResult fit, GaussianMixture mixture, double start, double stop)
    {
        const int Points = 100_000;
        var step = (stop - start) / Points;
        var sum = 0.0;
        for (var i = 0; i < Points; i++)
        {
            var x = start + ((i + 0.5) * step);
            sum += Math.Abs(fit.Distribution.Density(x) - mixture.Density(x)) * step;
        }

        return sum;
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Square(double value) => value * value;

    private void ShouldBeTheSlopeOfLogDensity(FitResult fit, double[] points)
    {
        const double H = 1e-5;
        var score = fit.Model.ScoreAt(points);
        output.WriteLine($"scores {string.Join(", ", score.Select(s => s.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
        for (var i = 0; i < points.Length; i++)
        {
            var slope = (fit.Distribution.DensityLn(points[i] + H) - fit.Distribution.DensityLn(points[i] - H)) / (2 * H);
            score[i].Should().BeApproximately(slope, 0.02 * (1 + Math.Abs(slope)), $"at x = {points[i]}");
        }
    }
}
