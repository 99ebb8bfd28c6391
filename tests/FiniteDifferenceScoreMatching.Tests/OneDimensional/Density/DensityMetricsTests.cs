using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional.Density;

public sealed class DensityMetricsTests
{
    /// <summary>P(X &lt; 0) for 0.1 N(−3, 1) + 0.9 N(3, 1): 0.1 Φ(3) + 0.9 Φ(−3), in 40-digit arithmetic (mpmath).</summary>
    private const double NotebookMassBelowZero = 0.10107991842530408;

    [Fact]
    public void FisherDivergence_ScoreAgainstItself_IsZero()
    {
        var mixture = NotebookMixture();
        var grid = new UniformGrid(-10.0, 10.0, 200);
        var score = grid.Evaluate(mixture.Score);

        DensityMetrics.FisherDivergence(grid, grid.Evaluate(mixture.Density), score, score).Should().Be(0.0);
        DensityMetrics.RelativeFisherDivergence(grid, grid.Evaluate(mixture.Density), score, score).Should().Be(0.0);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void FisherDivergence_ShiftedScoreUnderStandardNormal_IsShiftSquared(double shift)
    {
        // ∫ φ(x) ((−x + c) − (−x))² dx = c² ∫ φ = c²; the trapezoid rule on [−10, 10] is accurate to far below 1e-10.
        var grid = new UniformGrid(-10.0, 10.0, 2001);
        var pdf = grid.Evaluate(StandardNormalDensity);

        var divergence = DensityMetrics.FisherDivergence(grid, pdf, grid.Evaluate(x => -x + shift), grid.Evaluate(x => -x));

        divergence.Should().BeApproximately(shift * shift, 1e-10);
    }

    [Fact]
    public void FisherDivergence_HasNoFactorOneHalf()
    {
        // A unit error everywhere under a unit mass gives exactly the mass, not half of it.
        var grid = new UniformGrid(0.0, 1.0, 5);
        double[] pdf = [1.0, 1.0, 1.0, 1.0, 1.0];

        DensityMetrics.FisherDivergence(grid, pdf, [1.0, 1.0, 1.0, 1.0, 1.0], new double[5]).Should().BeApproximately(1.0, 1e-15);
    }

    [Fact]
    public void RelativeFisherDivergence_ShiftedScoreUnderStandardNormal_IsShiftSquaredOverVariance()
    {
        // ∫ φ(x) x² dx = 1, so the relative divergence of −x + c from −x is c² as well.
        var grid = new UniformGrid(-10.0, 10.0, 2001);
        var pdf = grid.Evaluate(StandardNormalDensity);

        var relative = DensityMetrics.RelativeFisherDivergence(grid, pdf, grid.Evaluate(x => -x + 0.3), grid.Evaluate(x => -x));

        relative.Should().BeApproximately(0.09, 1e-10);
    }

    [Fact]
    public void RelativeFisherDivergence_ZeroModelScore_IsOne()
    {
        var mixture = NotebookMixture();
        var grid = new UniformGrid(-10.0, 10.0, 200);

        var relative = DensityMetrics.RelativeFisherDivergence(grid, grid.Evaluate(mixture.Density), new double[200], grid.Evaluate(mixture.Score));

        relative.Should().BeApproximately(1.0, 1e-14);
    }

    [Fact]
    public void RelativeFisherDivergence_ZeroReferenceScale_Throws()
    {
        var grid = new UniformGrid(0.0, 1.0, 3);

        var act = () => DensityMetrics.RelativeFisherDivergence(grid, [1.0, 1.0, 1.0], [1.0, 1.0, 1.0], new double[3]);

        act.Should().Throw<ArgumentException>().WithParameterName("referenceScore").WithMessage("*reference score is zero wherever the density is positive*");
    }

    [Fact]
    public void L1Distance_UnitNormalsOneApart_MatchesClosedForm()
    {
        // ∫ |φ(x) − φ(x − 1)| dx = 2 (2Φ(½) − 1). The kink at x = ½ is a grid point; with h = 1e-3 the trapezoid
        // error h² |Δf'| / 12 ≈ 6e-8.
        const double Expected = 0.76584984509605241;
        var grid = new UniformGrid(-12.0, 13.0, 25001);

        var l1 = DensityMetrics.L1Distance(grid, grid.Evaluate(StandardNormalDensity), grid.Evaluate(x => StandardNormalDensity(x - 1.0)));

        l1.Should().BeApproximately(Expected, 1e-6);
    }

    [Fact]
    public void L1Distance_IsSymmetricAndZeroForEqualDensities()
    {
        var grid = new UniformGrid(-10.0, 10.0, 200);
        var p = grid.Evaluate(NotebookMixture().Density);
        var q = grid.Evaluate(StandardNormalDensity);

        DensityMetrics.L1Distance(grid, p, p).Should().Be(0.0);
        DensityMetrics.L1Distance(grid, p, q).Should().Be(DensityMetrics.L1Distance(grid, q, p));
    }

    [Fact]
    public void MassBelow_NotebookMixtureAtZero_IsLeftComponentMass()
    {
        // Trapezoid error on [−10, 0] with h = 0.01: h² |p'(0) − p'(−10)| / 12 ≈ 1e-7.
        var grid = new UniformGrid(-10.0, 10.0, 2001);
        var pdf = grid.Evaluate(NotebookMixture().Density);

        DensityMetrics.MassBelow(grid, pdf, 0.0).Should().BeApproximately(NotebookMassBelowZero, 1e-6);
        DensityMetrics.MassAbove(grid, pdf, 0.0).Should().BeApproximately(1.0 - NotebookMassBelowZero, 1e-6);
    }

    [Fact]
    public void MassBelow_NotebookGrid_IsAboutTenPercent()
    {
        // On the notebook's grid 0 is not a grid point (it falls mid-cell), so the interpolation is exercised.
        var grid = new UniformGrid(-10.0, 10.0, 200);
        var pdf = grid.Evaluate(NotebookMixture().Density);

        DensityMetrics.MassBelow(grid, pdf, 0.0).Should().BeApproximately(NotebookMassBelowZero, 1e-4);
    }

    [Theory]
    [InlineData(-20.0)]
    [InlineData(-10.0)]
    [InlineData(-9.99)]
    [InlineData(-3.0)]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(2.718281828)]
    [InlineData(9.95)]
    [InlineData(10.0)]
    [InlineData(25.0)]
    public void MassBelowPlusMassAbove_IsTotalMass(double point)
    {
        var grid = new UniformGrid(-10.0, 10.0, 200);
        var pdf = grid.Evaluate(NotebookMixture().Density);

        var total = DensityMetrics.MassBelow(grid, pdf, point) + DensityMetrics.MassAbove(grid, pdf, point);

        total.Should().BeApproximately(grid.Integrate(pdf), 1e-14);
        total.Should().BeApproximately(1.0, 1e-9);
    }

    [Fact]
    public void MassBelow_LinearDensity_IsExactInsideCells()
    {
        // p(x) = 2x on [0, 1] is piecewise linear, so the interpolated mass below t is exactly t².
        var grid = new UniformGrid(0.0, 1.0, 11);
        var pdf = grid.Evaluate(x => 2.0 * x);

        foreach (var point in new[] { 0.0, 0.03, 0.35, 0.5, 0.77, 0.999, 1.0 })
        {
            DensityMetrics.MassBelow(grid, pdf, point).Should().BeApproximately(point * point, 1e-14, $"below {point}");
            DensityMetrics.MassAbove(grid, pdf, point).Should().BeApproximately(1.0 - (point * point), 1e-14, $"above {point}");
        }
    }

    [Fact]
    public void MassBelow_IsNonDecreasingInPoint()
    {
        var grid = new UniformGrid(-10.0, 10.0, 200);
        var pdf = grid.Evaluate(NotebookMixture().Density);

        var previous = 0.0;
        for (var point = -10.5; point <= 10.5; point += 0.0137)
        {
            var mass = DensityMetrics.MassBelow(grid, pdf, point);
            mass.Should().BeGreaterThanOrEqualTo(previous, $"at {point}");
            previous = mass;
        }
    }

    [Fact]
    public void MassBelowAndAbove_PointsOutsideGrid_AreZeroOrTotal()
    {
        var grid = new UniformGrid(-1.0, 1.0, 21);
        var pdf = grid.Evaluate(_ => 0.5);

        DensityMetrics.MassBelow(grid, pdf, -5.0).Should().Be(0.0);
        DensityMetrics.MassBelow(grid, pdf, double.NegativeInfinity).Should().Be(0.0);
        DensityMetrics.MassBelow(grid, pdf, 5.0).Should().BeApproximately(1.0, 1e-15);
        DensityMetrics.MassBelow(grid, pdf, double.PositiveInfinity).Should().BeApproximately(1.0, 1e-15);
        DensityMetrics.MassAbove(grid, pdf, 5.0).Should().Be(0.0);
        DensityMetrics.MassAbove(grid, pdf, -5.0).Should().BeApproximately(1.0, 1e-15);
    }

    [Fact]
    public void MassBelow_NaNPoint_Throws()
    {
        var grid = new UniformGrid(0.0, 1.0, 3);

        FluentActions.Invoking(() => DensityMetrics.MassBelow(grid, [1.0, 1.0, 1.0], double.NaN))
            .Should().Throw<ArgumentException>().WithParameterName("point");
        FluentActions.Invoking(() => DensityMetrics.MassAbove(grid, [1.0, 1.0, 1.0], double.NaN))
            .Should().Throw<ArgumentException>().WithParameterName("point");
    }

    [Fact]
    public void Metrics_NegativeDensity_Throw()
    {
        var grid = new UniformGrid(0.0, 1.0, 3);
        double[] bad = [1.0, -1e-12, 1.0];
        double[] good = [1.0, 1.0, 1.0];

        FluentActions.Invoking(() => DensityMetrics.FisherDivergence(grid, bad, good, good))
            .Should().Throw<ArgumentException>().WithParameterName("pdf").WithMessage("*index 1*");
        FluentActions.Invoking(() => DensityMetrics.RelativeFisherDivergence(grid, bad, good, good))
            .Should().Throw<ArgumentException>().WithParameterName("pdf");
        FluentActions.Invoking(() => DensityMetrics.L1Distance(grid, bad, good))
            .Should().Throw<ArgumentException>().WithParameterName("pdf");
        FluentActions.Invoking(() => DensityMetrics.L1Distance(grid, good, bad))
            .Should().Throw<ArgumentException>().WithParameterName("referencePdf");
        FluentActions.Invoking(() => DensityMetrics.MassBelow(grid, bad, 0.5))
            .Should().Throw<ArgumentException>().WithParameterName("pdf");
        FluentActions.Invoking(() => DensityMetrics.MassAbove(grid, bad, 0.5))
            .Should().Throw<ArgumentException>().WithParameterName("pdf");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Metrics_NonFiniteValues_Throw(double value)
    {
        var grid = new UniformGrid(0.0, 1.0, 3);
        double[] bad = [1.0, value, 1.0];
        double[] good = [1.0, 1.0, 1.0];

        FluentActions.Invoking(() => DensityMetrics.FisherDivergence(grid, bad, good, good))
            .Should().Throw<ArgumentException>().WithParameterName("pdf");
        FluentActions.Invoking(() => DensityMetrics.FisherDivergence(grid, good, bad, good))
            .Should().Throw<ArgumentException>().WithParameterName("score");
        FluentActions.Invoking(() => DensityMetrics.FisherDivergence(grid, good, good, bad))
            .Should().Throw<ArgumentException>().WithParameterName("referenceScore");
        FluentActions.Invoking(() => DensityMetrics.RelativeFisherDivergence(grid, good, bad, good))
            .Should().Throw<ArgumentException>().WithParameterName("score");
        FluentActions.Invoking(() => DensityMetrics.L1Distance(grid, good, bad))
            .Should().Throw<ArgumentException>().WithParameterName("referencePdf");
        FluentActions.Invoking(() => DensityMetrics.MassBelow(grid, bad, 0.5))
            .Should().Throw<ArgumentException>().WithParameterName("pdf");
    }

    [Fact]
    public void Metrics_LengthMismatch_Throw()
    {
        var grid = new UniformGrid(0.0, 1.0, 3);
        double[] shortValues = [1.0, 1.0];
        double[] good = [1.0, 1.0, 1.0];

        FluentActions.Invoking(() => DensityMetrics.FisherDivergence(grid, shortValues, good, good))
            .Should().Throw<ArgumentException>().WithParameterName("pdf").WithMessage("*3 grid points*got 2*");
        FluentActions.Invoking(() => DensityMetrics.FisherDivergence(grid, good, shortValues, good))
            .Should().Throw<ArgumentException>().WithParameterName("score");
        FluentActions.Invoking(() => DensityMetrics.RelativeFisherDivergence(grid, good, good, shortValues))
            .Should().Throw<ArgumentException>().WithParameterName("referenceScore");
        FluentActions.Invoking(() => DensityMetrics.L1Distance(grid, good, shortValues))
            .Should().Throw<ArgumentException>().WithParameterName("referencePdf");
        FluentActions.Invoking(() => DensityMetrics.MassAbove(grid, shortValues, 0.5))
            .Should().Throw<ArgumentException>().WithParameterName("pdf");
    }

    [Fact]
    public void Metrics_NullArguments_Throw()
    {
        var grid = new UniformGrid(0.0, 1.0, 3);
        double[] good = [1.0, 1.0, 1.0];

        FluentActions.Invoking(() => DensityMetrics.FisherDivergence(null!, good, good, good))
            .Should().Throw<ArgumentNullException>().WithParameterName("grid");
        FluentActions.Invoking(() => DensityMetrics.FisherDivergence(grid, null!, good, good))
            .Should().Throw<ArgumentNullException>().WithParameterName("pdf");
        FluentActions.Invoking(() => DensityMetrics.FisherDivergence(grid, good, null!, good))
            .Should().Throw<ArgumentNullException>().WithParameterName("score");
        FluentActions.Invoking(() => DensityMetrics.RelativeFisherDivergence(grid, good, good, null!))
            .Should().Throw<ArgumentNullException>().WithParameterName("referenceScore");
        FluentActions.Invoking(() => DensityMetrics.L1Distance(null!, good, good))
            .Should().Throw<ArgumentNullException>().WithParameterName("grid");
        FluentActions.Invoking(() => DensityMetrics.L1Distance(grid, good, null!))
            .Should().Throw<ArgumentNullException>().WithParameterName("referencePdf");
        FluentActions.Invoking(() => DensityMetrics.MassBelow(null!, good, 0.5))
            .Should().Throw<ArgumentNullException>().WithParameterName("grid");
        FluentActions.Invoking(() => DensityMetrics.MassAbove(grid, null!, 0.5))
            .Should().Throw<ArgumentNullException>().WithParameterName("pdf");
    }

    private static double StandardNormalDensity(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2.0 * Math.PI);

    /// <summary>The example of the notebook: 0.1 N(−3, 1) + 0.9 N(3, 1).</summary>
    private static GaussianMixture NotebookMixture() => new([-3.0, 3.0], [1.0, 1.0], [0.1, 0.9]);
}
