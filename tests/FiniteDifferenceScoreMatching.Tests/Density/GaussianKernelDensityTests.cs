using System.Globalization;
using FiniteDifferenceScoreMatching.Density;
using FiniteDifferenceScoreMatching.Distributions;
using Xunit.Abstractions;

namespace FiniteDifferenceScoreMatching.Tests.Density;

public sealed class GaussianKernelDensityTests(ITestOutputHelper output)
{
    private static readonly MultivariateGaussianMixture Mixture = MultivariateGaussianMixture.Diagonal(
        [0.4, 0.4, 0.2], [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);

    [Theory]
    [InlineData(1024, 2)]
    [InlineData(100, 1)]
    [InlineData(7, 5)]
    public void ScottFactor_IsCountToTheMinusOneOverDimensionPlusFour(int count, int dimension)
    {
        GaussianKernelDensity.ScottFactor(count, dimension).Should().BeApproximately(Math.Pow(count, -1.0 / (dimension + 4)), 1e-15);
    }

    [Fact]
    public void Density_FourPoints_IsTheFormulaWithTheScaledSampleCovariance()
    {
        // The unbiased covariance of the four points, times Scott's factor squared, written out in 2 × 2 arithmetic.
        double[,] samples = { { 0, 0 }, { 1, 0 }, { 0, 2 }, { 1, 1.5 } };
        var kde = new GaussianKernelDensity(samples);
        var (mx, my) = (0.5, 0.875);
        var (sxx, syy, sxy) = (0.0, 0.0, 0.0);
        for (var n = 0; n < 4; n++)
        {
            var (dx, dy) = (samples[n, 0] - mx, samples[n, 1] - my);
            (sxx, syy, sxy) = (sxx + (dx * dx / 3), syy + (dy * dy / 3), sxy + (dx * dy / 3));
        }

        var f2 = Math.Pow(4, -1.0 / 3);
        var (a, b, c) = (sxx * f2, sxy * f2, syy * f2);
        var determinant = (a * c) - (b * b);

        double Expected(double x, double y)
        {
            var sum = 0.0;
            for (var n = 0; n < 4; n++)
            {
                var (dx, dy) = (x - samples[n, 0], y - samples[n, 1]);
                sum += Math.Exp(-0.5 * ((c * dx * dx) - (2 * b * dx * dy) + (a * dy * dy)) / determinant);
            }

            return sum / (4 * 2 * Math.PI * Math.Sqrt(determinant));
        }

        kde.Dimension.Should().Be(2);
        kde.BandwidthFactor.Should().BeApproximately(Math.Pow(4, -1.0 / 6), 1e-15);
        foreach (var (x, y) in new[] { (0.0, 0.0), (0.3, 1.1), (-2.0, 4.0), (1.0, 1.5) })
        {
            kde.Density([x, y]).Should().BeApproximately(Expected(x, y), 1e-13 * Expected(x, y));
        }

        var many = kde.Density(new double[,] { { 0.3, 1.1 }, { 5, -5 } });
        many[0].Should().Be(kde.Density([0.3, 1.1]));
        many[1].Should().BeApproximately(Expected(5, -5), 1e-12 * Expected(5, -5));
    }

    [Fact]
    public void Density_GivenFactor_IsUsed_AndTheOneDimensionalCaseIsTheTextbookOne()
    {
        double[,] samples = { { -1 }, { 0 }, { 2 } };
        var kde = new GaussianKernelDensity(samples, bandwidthFactor: 0.5);

        // Variance (1 + 0 + 4 − 3 · (1/3)²) / 2 = 7/3; the kernel's variance is 7/12.
        var variance = 7.0 / 12;
        var expected = new[] { -1.0, 0, 2 }.Sum(s => Math.Exp(-0.5 * (0.4 - s) * (0.4 - s) / variance)) / (3 * Math.Sqrt(2 * Math.PI * variance));
        kde.BandwidthFactor.Should().Be(0.5);
        kde.Density([0.4]).Should().BeApproximately(expected, 1e-15);
    }

    [Fact]
    public void Density_MixtureSamples_IntegratesToOne_AndItsL1ToTheTruthIsPrinted()
    {
        var samples = Mixture.Sample(new Random(2024), 1024);
        var kde = new GaussianKernelDensity(samples);
        var narrower = new GaussianKernelDensity(samples, kde.BandwidthFactor / 2);
        var grid = new PlanarGrid(-10, 10, -10, 10, 121, 121);
        var points = grid.Points();
        var truth = ToGrid(grid, Mixture.DensityLn(points).Select(Math.Exp).ToArray());

        var estimate = ToGrid(grid, kde.Density(points));
        var narrowEstimate = ToGrid(grid, narrower.Density(points));
        var recovered = ScoreFieldDensity.Recover(grid, Mixture.Score(points));

        var mass = grid.Integrate(estimate);
        var (l1, narrowL1, recoveredL1) = (L1(grid, estimate, truth), L1(grid, narrowEstimate, truth), L1(grid, recovered.Values, truth));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"KDE of 1,024 samples, Scott's factor {kde.BandwidthFactor:F4}: ∫ p̂ {mass:F6}, L1 to the true pdf {l1:F3}; half the factor: L1 {narrowL1:F3}. The density from the exact score on the same 121 × 121 grid: L1 {recoveredL1:E2}"));
        mass.Should().BeApproximately(1, 1e-3);
        grid.Integrate(narrowEstimate).Should().BeApproximately(1, 1e-3);

        // The covariance of the whole sample spans the modes, so Scott's kernel is elongated along the diagonal that joins
        // them and smooths each unit-variance component along it: the estimate is far from the truth, and narrower is better.
        l1.Should().BeInRange(0.3, 0.6);
        narrowL1.Should().BeInRange(0.1, l1);
        recoveredL1.Should().BeLessThan(0.01);
    }

    [Fact]
    public void Density_ScaledOrShiftedSamples_ScaleTheDensity_EvenAtExtremeMagnitudes()
    {
        var samples = Mixture.Sample(new Random(5), 50);
        var (tiny, huge, shifted) = ((double[,])samples.Clone(), (double[,])samples.Clone(), (double[,])samples.Clone());
        for (var n = 0; n < 50; n++)
        {
            for (var i = 0; i < 2; i++)
            {
                tiny[n, i] *= 1e-150;
                huge[n, i] *= 1e150;
                shifted[n, i] += 1e6;
            }
        }

        var kde = new GaussianKernelDensity(samples);
        var reference = kde.Density([0.5, -1]);

        new GaussianKernelDensity(tiny).Density([0.5e-150, -1e-150]).Should().BeApproximately(reference * 1e300, 1e-10 * reference * 1e300);
        new GaussianKernelDensity(huge).Density([0.5e150, -1e150]).Should().BeApproximately(reference * 1e-300, 1e-10 * reference * 1e-300);
        new GaussianKernelDensity(shifted).Density([0.5 + 1e6, -1 + 1e6]).Should().BeApproximately(reference, 1e-6 * reference);
        kde.Density([1e308, -1e308]).Should().Be(0);
        new GaussianKernelDensity(huge).Density([-1.7e308, 1.7e308]).Should().Be(0);
    }

    [Fact]
    public void Score_IsTheGradientOfTheLogDensity_AndFarAwayPointsBackToTheSamples()
    {
        var samples = Mixture.Sample(new Random(11), 200);
        var kde = new GaussianKernelDensity(samples);
        double[,] points = { { 0, 0 }, { -3, -2.5 }, { 2, 4 }, { 6, -6 } };
        const double h = 1e-5;

        var score = kde.Score(points);

        for (var n = 0; n < points.GetLength(0); n++)
        {
            for (var c = 0; c < 2; c++)
            {
                double[] plus = [points[n, 0], points[n, 1]], minus = [points[n, 0], points[n, 1]];
                plus[c] += h;
                minus[c] -= h;
                var difference = (Math.Log(kde.Density(plus)) - Math.Log(kde.Density(minus))) / (2 * h);
                score[n, c].Should().BeApproximately(difference, 1e-6 * Math.Max(1, Math.Abs(difference)));
            }
        }

        // Where the density underflows to 0, the score still points back, and grows linearly with the distance: the
        // nearest sample's kernel alone, −H⁻¹ (x − xₖ), takes equal steps for equal steps of x.
        double[,] far = { { 1e4, 1e4 }, { 2e4, 2e4 }, { 3e4, 3e4 } };
        kde.Density(far).Should().Equal(0, 0, 0);
        var tail = kde.Score(far);
        tail.Cast<double>().Should().OnlyContain(v => double.IsFinite(v) && v < 0);
        for (var c = 0; c < 2; c++)
        {
            (tail[2, c] - tail[1, c]).Should().BeApproximately(tail[1, c] - tail[0, c], 1e-9 * Math.Abs(tail[2, c]));
        }
    }

    [Fact]
    public void Ctor_BadArguments_ThrowNamingThem()
    {
        double[,] collinear = { { 0, 0 }, { 1, 1 }, { 2, 2 }, { 3, 3 } };
        double[,] constant = { { 0, 5 }, { 1, 5 }, { 2, 5 } };
        double[,] nan = { { 0, 0 }, { 1, double.NaN }, { 2, 1 } };
        var good = Mixture.Sample(new Random(1), 10);

        ((Action)(() => _ = new GaussianKernelDensity(null!))).Should().Throw<ArgumentNullException>().WithParameterName("samples");
        ((Action)(() => _ = new GaussianKernelDensity(new double[5, 0]))).Should().Throw<ArgumentException>().WithParameterName("samples").WithMessage("*at least one coordinate*");
        ((Action)(() => _ = new GaussianKernelDensity(new double[2, 2]))).Should().Throw<ArgumentException>().WithParameterName("samples").WithMessage("*at least 3 samples, but got 2*");
        ((Action)(() => _ = new GaussianKernelDensity(nan))).Should().Throw<ArgumentException>().WithParameterName("samples").WithMessage("*coordinate 1 of sample 1 is NaN*");
        ((Action)(() => _ = new GaussianKernelDensity(collinear))).Should().Throw<ArgumentException>().WithParameterName("samples").WithMessage("*singular*");
        ((Action)(() => _ = new GaussianKernelDensity(constant))).Should().Throw<ArgumentException>().WithParameterName("samples").WithMessage("*singular*coordinate 1 is 5*");
        ((Action)(() => _ = new GaussianKernelDensity(good, 0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("bandwidthFactor");
        ((Action)(() => _ = new GaussianKernelDensity(good, double.NaN))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("bandwidthFactor");
        ((Action)(() => _ = new GaussianKernelDensity(good, -1))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("bandwidthFactor");
        ((Action)(() => _ = new GaussianKernelDensity(good, 1e-300))).Should().Throw<ArgumentException>().WithParameterName("bandwidthFactor").WithMessage("*beyond what a double holds*");
    }

    [Fact]
    public void DensityAndScottFactor_BadArguments_ThrowNamingThem()
    {
        var kde = new GaussianKernelDensity(Mixture.Sample(new Random(1), 10));

        ((Action)(() => kde.Density([1.0]))).Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("*2 coordinates, but has 1*");
        ((Action)(() => kde.Density([1.0, double.PositiveInfinity]))).Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("*coordinate 1*");
        ((Action)(() => kde.Density((double[,])null!))).Should().Throw<ArgumentNullException>().WithParameterName("points");
        ((Action)(() => kde.Density(new double[3, 3]))).Should().Throw<ArgumentException>().WithParameterName("points").WithMessage("*2 columns*3*");
        ((Action)(() => kde.Density(new double[,] { { 0, double.NaN } }))).Should().Throw<ArgumentException>().WithParameterName("points").WithMessage("*point 0 is NaN*");
        ((Action)(() => GaussianKernelDensity.ScottFactor(0, 2))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("count");
        ((Action)(() => GaussianKernelDensity.ScottFactor(10, 0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("dimension");
        kde.Density(new double[0, 2]).Should().BeEmpty();
    }

    private static double[,] ToGrid(PlanarGrid grid, double[] values)
    {
        var result = new double[grid.XCount, grid.YCount];
        Buffer.BlockCopy(values, 0, result, 0, values.Length * sizeof(double));
        return result;
    }

    private static double L1(PlanarGrid grid, double[,] p, double[,] q)
    {
        var difference = new double[grid.XCount, grid.YCount];
        for (var i = 0; i < grid.XCount; i++)
        {
            for (var j = 0; j < grid.YCount; j++)
            {
                difference[i, j] = Math.Abs(p[i, j] - q[i, j]);
            }
        }

        return grid.Integrate(difference);
    }
}
