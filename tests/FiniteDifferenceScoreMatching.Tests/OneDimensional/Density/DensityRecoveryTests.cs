using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using Xunit.Abstractions;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional.Density;

public sealed class DensityRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public void FromScore_ExactMixtureScore_RecoversExactPdf()
    {
        var mixture = NotebookMixture();
        var grid = new UniformGrid(-10.0, 10.0, 2000);

        var pdf = DensityRecovery.FromScore(grid, grid.Evaluate(mixture.Score));
        var l1 = DensityMetrics.L1Distance(grid, pdf, grid.Evaluate(mixture.Density));
        output.WriteLine($"L1 distance between the recovered and the exact pdf (2000 points on [-10, 10]): {l1:E3}");

        l1.Should().BeLessThanOrEqualTo(1e-3);
    }

    [Fact]
    public void FromScore_ExactMixtureScoreOnNotebookGrid_RecoversExactPdf()
    {
        // The notebook's coarse grid: 200 points, Δx ≈ 0.1; the trapezoid error in log p is O(Δx²).
        var mixture = NotebookMixture();
        var grid = new UniformGrid(-10.0, 10.0, 200);

        var pdf = DensityRecovery.FromScore(grid, grid.Evaluate(mixture.Score));
        var l1 = DensityMetrics.L1Distance(grid, pdf, grid.Evaluate(mixture.Density));
        output.WriteLine($"L1 distance on the notebook grid (200 points): {l1:E3}");

        l1.Should().BeLessThanOrEqualTo(1e-4);
    }

    [Fact]
    public void FromScore_AnyScore_IntegratesToOne()
    {
        var grid = new UniformGrid(-10.0, 10.0, 2000);
        var score = grid.Evaluate(x => (Math.Sin(3.0 * x) * 2.0) - (0.3 * x));

        var pdf = DensityRecovery.FromScore(grid, score);

        grid.Integrate(pdf).Should().BeApproximately(1.0, 1e-14);
        pdf.Should().OnlyContain(p => p >= 0.0 && double.IsFinite(p));
    }

    [Fact]
    public void FromScore_StandardNormalScore_RecoversStandardNormal()
    {
        // For a linear score the trapezoid rule integrates log p exactly, so only the normalisation can err.
        var grid = new UniformGrid(-12.0, 12.0, 481);

        var pdf = DensityRecovery.FromScore(grid, grid.Evaluate(x => -x));

        for (var i = 0; i < grid.Count; i++)
        {
            var expected = Math.Exp(-0.5 * grid[i] * grid[i]) / Math.Sqrt(2.0 * Math.PI);
            pdf[i].Should().BeApproximately(expected, 1e-13, $"at x = {grid[i]}");
        }
    }

    [Fact]
    public void FromScore_ShiftedNarrowNormalScore_RecoversIt()
    {
        var normal = new GaussianMixture([1.5], [0.4], [1.0]);
        var grid = new UniformGrid(-3.0, 6.0, 901);

        var pdf = DensityRecovery.FromScore(grid, grid.Evaluate(normal.Score));

        var maximumError = grid.Points.Select((x, i) => Math.Abs(pdf[i] - normal.Density(x))).Max();
        maximumError.Should().BeLessThan(1e-12);
    }

    [Fact]
    public void FromScore_ZeroScore_IsUniform()
    {
        var grid = new UniformGrid(-2.0, 3.0, 11);

        var pdf = DensityRecovery.FromScore(grid, new double[11]);

        pdf.Should().OnlyContain(p => Math.Abs(p - 0.2) < 1e-15);
    }

    [Fact]
    public void FromScore_SteepScore_DoesNotOverflow()
    {
        // Score 100 on [0, 10]: log p rises by 1000, beyond the largest double (e^709.8) unless the maximum is
        // subtracted first. The values are e^(100(xᵢ − 10)) divided by their trapezoid sum
        // h (½ + Σₖ≥₁ e^(−100kh)) = h (½ + 1/(e^(100h) − 1)), up to terms of order e^(−1000).
        const double H = 0.01;
        var grid = new UniformGrid(0.0, 10.0, 1001);

        var pdf = DensityRecovery.FromScore(grid, grid.Evaluate(_ => 100.0));

        var peak = 1.0 / (H * (0.5 + (1.0 / (Math.Exp(100.0 * H) - 1.0))));
        pdf.Should().OnlyContain(p => double.IsFinite(p) && p >= 0.0);
        pdf[^1].Should().BeApproximately(peak, 1e-12 * peak);
        pdf[^2].Should().BeApproximately(peak * Math.Exp(-1.0), 1e-12 * peak);
    }

    [Fact]
    public void FromScore_NullGrid_Throws()
    {
        var act = () => DensityRecovery.FromScore(null!, new double[3]);

        act.Should().Throw<ArgumentNullException>().WithParameterName("grid");
    }

    [Fact]
    public void FromScore_NullScore_Throws()
    {
        var act = () => DensityRecovery.FromScore(new UniformGrid(0.0, 1.0, 3), null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("score");
    }

    [Fact]
    public void FromScore_LengthMismatch_Throws()
    {
        var act = () => DensityRecovery.FromScore(new UniformGrid(0.0, 1.0, 3), new double[4]);

        act.Should().Throw<ArgumentException>().WithParameterName("score").WithMessage("*3 grid points*got 4*");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void FromScore_NonFiniteScore_Throws(double bad)
    {
        var act = () => DensityRecovery.FromScore(new UniformGrid(0.0, 1.0, 3), [0.0, bad, 0.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("score").WithMessage("*index 1*");
    }

    [Fact]
    public void FromScore_OverflowingIntegral_Throws()
    {
        var act = () => DensityRecovery.FromScore(new UniformGrid(0.0, 1.0, 3), [double.MaxValue, double.MaxValue, 0.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("score").WithMessage("*overflows*");
    }

    /// <summary>The example of the notebook: 0.1 N(−3, 1) + 0.9 N(3, 1).</summary>
    private static GaussianMixture NotebookMixture() => new([-3.0, 3.0], [1.0, 1.0], [0.1, 0.9]);
}
