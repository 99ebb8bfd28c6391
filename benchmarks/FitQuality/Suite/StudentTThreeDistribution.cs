namespace FitQuality.Suite;

/// <summary>Student's t distribution with 3 degrees of freedom: p(x) = 2 / (π√3 (1 + x²/3)²), heavy tails falling as |x|⁻⁴.</summary>
internal sealed class StudentTThreeDistribution : ITestDistribution
{
    /// <summary>log(2 / (π√3)).</summary>
    private static readonly double _logNormalizer = Math.Log(2 / (Math.PI * Math.Sqrt(3)));

    /// <inheritdoc/>
    public double Density(double x) => Math.Exp(DensityLn(x));

    /// <inheritdoc/>
    public double DensityLn(double x) => _logNormalizer - (2 * Math.Log(1 + (x * x / 3)));

    /// <inheritdoc/>
    /// <remarks>
    /// F(x) = ½ + (y / (1 + y²) + arctan y) / π with y = x / √3. For y &lt; −1 it is written with v = 1/y, through
    /// arctan y = −π/2 − arctan v, as (v / (1 + v²) − arctan v) / π; for small |v| the two terms nearly cancel, so
    /// their difference is summed as the series Σₖ (−1)ᵏ 2k / (2k + 1) v^(2k+1), which keeps the lower tail's relative accuracy.
    /// </remarks>
    public double Cdf(double x)
    {
        var y = x / Math.Sqrt(3);
        if (y >= -1)
        {
            return 0.5 + (((y / (1 + (y * y))) + Math.Atan(y)) / Math.PI);
        }

        var v = 1 / y;
        if (v < -0.25)
        {
            return ((v / (1 + (v * v))) - Math.Atan(v)) / Math.PI;
        }

        var v2 = v * v;
        var power = v;
        var sum = 0.0;
        for (var k = 1; k <= 40; k++)
        {
            power *= -v2;
            var term = power * 2 * k / ((2 * k) + 1);
            sum += term;
            if (Math.Abs(term) < 1e-17 * Math.Abs(sum))
            {
                break;
            }
        }

        return sum / Math.PI;
    }

    /// <inheritdoc/>
    public double Quantile(double p) => NumericQuantile.Find(this, p, -1, 1);

    /// <inheritdoc/>
    public double Sample(Random random) => Quantile(NumericQuantile.OpenUniform(random));
}
