namespace FitQuality.Suite;

/// <summary>The standard Cauchy distribution (Student's t with 1 degree of freedom): p(x) = 1 / (π (1 + x²)), without a mean.</summary>
internal sealed class CauchyDistribution : ITestDistribution
{
    /// <inheritdoc/>
    public double Density(double x) => 1 / (Math.PI * (1 + (x * x)));

    /// <inheritdoc/>
    /// <remarks>Written as −log π − 2 log|x| − log(1 + 1/x²) for |x| &gt; 1, which does not overflow for huge |x|.</remarks>
    public double DensityLn(double x)
    {
        var magnitude = Math.Abs(x);
        return magnitude <= 1
            ? -Math.Log(Math.PI) - Math.Log(1 + (x * x))
            : -Math.Log(Math.PI) - (2 * Math.Log(magnitude)) - Math.Log(1 + (1 / (magnitude * magnitude)));
    }

    /// <inheritdoc/>
    /// <remarks>½ + arctan(x) / π, written for x &lt; −1 as −arctan(1/x) / π, which keeps the lower tail's relative accuracy.</remarks>
    public double Cdf(double x) => x < -1 ? -Math.Atan(1 / x) / Math.PI : 0.5 + (Math.Atan(x) / Math.PI);

    /// <inheritdoc/>
    public double Quantile(double p) => p < 0.25 ? -1 / Math.Tan(Math.PI * p) : p > 0.75 ? 1 / Math.Tan(Math.PI * (1 - p)) : Math.Tan(Math.PI * (p - 0.5));

    /// <inheritdoc/>
    public double Sample(Random random) => Quantile(NumericQuantile.OpenUniform(random));
}
