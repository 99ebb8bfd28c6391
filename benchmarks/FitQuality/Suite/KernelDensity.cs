namespace FitQuality.Suite;

/// <summary>A Gaussian kernel density estimate p̂(x) = Σⱼ φ((x − sⱼ) / h) / (N h).</summary>
internal sealed class KernelDensity : IFittedDensity
{
    private readonly GaussianKernelSum _sum;

    /// <summary>log(N h √(2π)), the normalisation.</summary>
    private readonly double _logNormalizer;

    /// <summary>Creates the estimate.</summary>
    /// <param name="sortedSamples">The samples in ascending order; kept, so they must not change afterwards.</param>
    /// <param name="bandwidth">The bandwidth h; positive and finite.</param>
    /// <param name="details">What chose the bandwidth, for the CSV.</param>
    /// <param name="warnings">Warnings about the bandwidth choice.</param>
    public KernelDensity(double[] sortedSamples, double bandwidth, string details, IReadOnlyList<string> warnings)
    {
        _sum = new GaussianKernelSum(sortedSamples, bandwidth);
        _logNormalizer = Math.Log(sortedSamples.Length * bandwidth) + SpecialFunctions.LogSqrtTwoPi;
        Details = details;
        Warnings = warnings;
    }

    /// <summary>Gets the bandwidth h.</summary>
    public double Bandwidth => _sum.Bandwidth;

    /// <inheritdoc/>
    public string Details { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings { get; }

    /// <inheritdoc/>
    public double Density(double x) => Math.Exp(DensityLn(x));

    /// <inheritdoc/>
    public double DensityLn(double x) => _sum.LogSum(x) - _logNormalizer;

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
