namespace FitQuality.Suite;

/// <summary>A rule that picks the bandwidth of a Gaussian kernel density estimate from the samples.</summary>
internal interface IBandwidthSelector
{
    /// <summary>Gets the short name of the rule, which is also the name of its estimator.</summary>
    string Name { get; }

    /// <summary>Picks the bandwidth.</summary>
    /// <param name="sortedSamples">The samples in ascending order; at least two distinct values.</param>
    /// <returns>The bandwidth and what to say about it.</returns>
    BandwidthChoice Select(double[] sortedSamples);
}
