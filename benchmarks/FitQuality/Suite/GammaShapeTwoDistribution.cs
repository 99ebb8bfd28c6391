namespace FitQuality.Suite;

/// <summary>The gamma distribution with shape 2 and scale θ: p(x) = x e^(−x/θ) / θ² for x &gt; 0, skewed, with a boundary at 0.</summary>
internal sealed class GammaShapeTwoDistribution : ITestDistribution
{
    private readonly double _scale;

    /// <summary>Creates the distribution.</summary>
    /// <param name="scale">The scale θ; positive.</param>
    public GammaShapeTwoDistribution(double scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        _scale = scale;
    }

    /// <inheritdoc/>
    public double Density(double x) => x > 0 ? x * Math.Exp(-x / _scale) / (_scale * _scale) : 0;

    /// <inheritdoc/>
    public double DensityLn(double x) => x > 0 ? Math.Log(x / _scale) - (x / _scale) - Math.Log(_scale) : double.NegativeInfinity;

    /// <inheritdoc/>
    /// <remarks>
    /// P(2, z) = 1 − e^(−z)(1 + z), z = x / θ; below z = 1 by its series e^(−z) z² Σₙ zⁿ / (n + 2)!, whose terms are
    /// all positive, because the closed form cancels there.
    /// </remarks>
    public double Cdf(double x)
    {
        if (!(x > 0))
        {
            return 0;
        }

        var z = x / _scale;
        if (z >= 1)
        {
            return 1 - (Math.Exp(-z) * (1 + z));
        }

        var term = 0.5;
        var sum = term;
        for (var n = 1; n < 60 && term > 1e-17 * sum; n++)
        {
            term *= z / (n + 2);
            sum += term;
        }

        return Math.Exp(-z) * z * z * sum;
    }

    /// <inheritdoc/>
    public double Quantile(double p) => NumericQuantile.Find(this, p, 0, 2 * _scale);

    /// <inheritdoc/>
    /// <remarks>The sum of two exponential draws.</remarks>
    public double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return -_scale * (Math.Log(NumericQuantile.OpenUniform(random)) + Math.Log(NumericQuantile.OpenUniform(random)));
    }
}
