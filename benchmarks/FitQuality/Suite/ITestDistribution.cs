namespace FitQuality.Suite;

/// <summary>A distribution on the real line that a density estimate is measured against: exact pdf, log-pdf, CDF, quantile and a seeded sampler.</summary>
internal interface ITestDistribution
{
    /// <summary>The density p(x); 0 outside the support.</summary>
    /// <param name="x">Any number.</param>
    /// <returns>p(x).</returns>
    double Density(double x);

    /// <summary>The log-density log p(x), finite wherever p(x) &gt; 0 even when p(x) underflows; −∞ outside the support.</summary>
    /// <param name="x">Any number.</param>
    /// <returns>log p(x).</returns>
    double DensityLn(double x);

    /// <summary>The cumulative distribution F(x) = P(X ≤ x).</summary>
    /// <param name="x">Any number.</param>
    /// <returns>F(x), in [0, 1].</returns>
    double Cdf(double x);

    /// <summary>The quantile F⁻¹(p), exact or found numerically to about 1e-13 relative.</summary>
    /// <param name="p">A probability in (0, 1).</param>
    /// <returns>The x with F(x) = p.</returns>
    double Quantile(double p);

    /// <summary>Draws one sample.</summary>
    /// <param name="random">The source of randomness; the same seed gives the same samples.</param>
    /// <returns>A sample.</returns>
    double Sample(Random random);
}
