namespace FitQuality.Suite;

/// <summary>The log-normal distribution: log X ~ N(μ, σ²).</summary>
internal sealed class LogNormalDistribution : ITestDistribution
{
    private readonly double _mu;
    private readonly double _sigma;

    /// <summary>Creates the distribution.</summary>
    /// <param name="mu">The mean μ of log X.</param>
    /// <param name="sigma">The standard deviation σ of log X; positive.</param>
    public LogNormalDistribution(double mu, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        _mu = mu;
        _sigma = sigma;
    }

    /// <inheritdoc/>
    public double Density(double x) => x > 0 ? Math.Exp(DensityLn(x)) : 0;

    /// <inheritdoc/>
    public double DensityLn(double x)
    {
        if (!(x > 0))
        {
            return double.NegativeInfinity;
        }

        var z = (Math.Log(x) - _mu) / _sigma;
        return -(0.5 * z * z) - Math.Log(x) - Math.Log(_sigma) - SpecialFunctions.LogSqrtTwoPi;
    }

    /// <inheritdoc/>
    public double Cdf(double x) => x > 0 ? SpecialFunctions.NormalCdf((Math.Log(x) - _mu) / _sigma) : 0;

    /// <inheritdoc/>
    public double Quantile(double p) => Math.Exp(_mu + (_sigma * SpecialFunctions.NormalQuantile(p)));

    /// <inheritdoc/>
    public double Sample(Random random) => Quantile(NumericQuantile.OpenUniform(random));
}
