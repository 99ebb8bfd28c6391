namespace FiniteDifferenceScoreMatching.OneDimensional.Density;

/// <summary>
/// One of the regions, separated by empty gaps in the samples, whose masses a <see cref="ScoreDensity"/> takes from the
/// samples rather than from the score.
/// </summary>
public sealed class DensityRegion
{
    internal DensityRegion(double lower, double upper, int sampleCount, double scoreMass, double mass)
    {
        Lower = lower;
        Upper = upper;
        SampleCount = sampleCount;
        ScoreMass = scoreMass;
        Mass = mass;
    }

    /// <summary>Gets the lower end of the region: a point inside an empty gap, or −∞ for the first region.</summary>
    public double Lower { get; }

    /// <summary>Gets the upper end of the region: a point inside an empty gap, or +∞ for the last region.</summary>
    public double Upper { get; }

    /// <summary>Gets the number of samples in the region.</summary>
    public int SampleCount { get; }

    /// <summary>Gets the mass that the integrated score alone puts in the region.</summary>
    public double ScoreMass { get; }

    /// <summary>Gets the mass of the region in the density: the samples' share, (n + ½) / (N + R / 2) for R regions.</summary>
    public double Mass { get; }
}
