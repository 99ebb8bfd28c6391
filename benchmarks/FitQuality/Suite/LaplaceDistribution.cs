namespace FitQuality.Suite;

/// <summary>The Laplace distribution with location μ and scale b: p(x) = e^(−|x − μ| / b) / 2b, with a kink at μ.</summary>
internal sealed class LaplaceDistribution : ITestDistribution
{
    private readonly double _location;
    private readonly double _scale;

    /// <summary>Creates the distribution.</summary>
    /// <param name="location">The location μ.</param>
    /// <param name="scale">The scale b; positive.</param>
    public LaplaceDistribution(double location, double scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        _location = location;
        _scale = scale;
    }

    /// <inheritdoc/>
    public double Density(double x) => Math.Exp(DensityLn(x));

    /// <inheritdoc/>
    public double DensityLn(double x) => -Math.Log(2 * _scale) - (Math.Abs(x - _location) / _scale);

    /// <inheritdoc/>
    public double Cdf(double x)
    {
        var z = (x - _location) / _scale;
        return z < 0 ? 0.5 * Math.Exp(z) : 1 - (0.5 * Math.Exp(-z));
    }

    /// <inheritdoc/>
    public double Quantile(double p) =>
        p < 0.5 ? _location + (_scale * Math.Log(2 * p)) : _location - (_scale * Math.Log(2 * (1 - p)));

    /// <inheritdoc/>
    public double Sample(Random random) => Quantile(NumericQuantile.OpenUniform(random));
}
