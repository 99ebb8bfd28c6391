namespace FitQuality.Suite;

/// <summary>A test distribution, possibly shifted, seen as a density estimate: the known answers of the checks of the metrics.</summary>
internal sealed class TrueDensity : IFittedDensity
{
    private readonly ITestDistribution _distribution;
    private readonly double _shift;

    /// <summary>Wraps <paramref name="distribution"/>: the density of X + <paramref name="shift"/>, X from the distribution.</summary>
    /// <param name="distribution">The distribution.</param>
    /// <param name="shift">How far to move it to the right.</param>
    public TrueDensity(ITestDistribution distribution, double shift = 0)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        _distribution = distribution;
        _shift = shift;
    }

    /// <inheritdoc/>
    public string Details => "";

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings => [];

    /// <inheritdoc/>
    public double Density(double x) => _distribution.Density(x - _shift);

    /// <inheritdoc/>
    public double DensityLn(double x) => _distribution.DensityLn(x - _shift);

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
