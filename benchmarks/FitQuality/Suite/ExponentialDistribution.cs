namespace FitQuality.Suite;

/// <summary>The exponential distribution with rate λ: p(x) = λ e^(−λx) for x ≥ 0, with a jump from 0 to λ at the boundary.</summary>
internal sealed class ExponentialDistribution : ITestDistribution
{
    private readonly double _rate;

    /// <summary>Creates the distribution.</summary>
    /// <param name="rate">The rate λ; positive.</param>
    public ExponentialDistribution(double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        _rate = rate;
    }

    /// <inheritdoc/>
    public double Density(double x) => x >= 0 ? _rate * Math.Exp(-_rate * x) : 0;

    /// <inheritdoc/>
    public double DensityLn(double x) => x >= 0 ? Math.Log(_rate) - (_rate * x) : double.NegativeInfinity;

    /// <inheritdoc/>
    public double Cdf(double x) => x > 0 ? 1 - Math.Exp(-_rate * x) : 0;

    /// <inheritdoc/>
    public double Quantile(double p) => -Math.Log(1 - p) / _rate;

    /// <inheritdoc/>
    public double Sample(Random random) => Quantile(NumericQuantile.OpenUniform(random));
}
