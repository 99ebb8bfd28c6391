namespace FitQuality.Suite;

/// <summary>The Gaussian kernel density estimate with the bandwidth of a <see cref="IBandwidthSelector"/>.</summary>
internal sealed class KernelDensityEstimator : IDensityEstimator
{
    private readonly IBandwidthSelector _selector;

    /// <summary>Creates the estimator.</summary>
    /// <param name="selector">The bandwidth rule; its name is the estimator's.</param>
    public KernelDensityEstimator(IBandwidthSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        _selector = selector;
    }

    /// <inheritdoc/>
    public string Name => _selector.Name;

    /// <inheritdoc/>
    public IFittedDensity Fit(double[] samples, int sampleSetIndex)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var sorted = samples.Order().ToArray();
        if (sorted.Length < 2 || sorted[0] == sorted[^1] || !sorted.All(double.IsFinite))
        {
            throw new ArgumentException("A kernel density estimate needs at least two distinct finite samples.", nameof(samples));
        }

        var choice = _selector.Select(sorted);
        return new KernelDensity(sorted, choice.Bandwidth, choice.Details, choice.Warnings);
    }
}
