namespace FitQuality.Suite;

/// <summary>The spread statistics the bandwidth rules start from.</summary>
internal static class SampleSummary
{
    /// <summary>The sample standard deviation, with N − 1 in the denominator.</summary>
    /// <param name="samples">At least two samples.</param>
    /// <returns>σ̂.</returns>
    public static double StandardDeviation(IReadOnlyList<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var mean = samples.Average();
        var sum = 0.0;
        foreach (var x in samples)
        {
            sum += (x - mean) * (x - mean);
        }

        return Math.Sqrt(sum / (samples.Count - 1));
    }

    /// <summary>The interquartile range Q(0.75) − Q(0.25), with quantiles interpolated linearly between order statistics.</summary>
    /// <param name="sortedSamples">The samples in ascending order.</param>
    /// <returns>The interquartile range.</returns>
    public static double InterquartileRange(double[] sortedSamples) => Quantile(sortedSamples, 0.75) - Quantile(sortedSamples, 0.25);

    /// <summary>The sample quantile at <paramref name="p"/>: position p (N − 1) in the sorted samples, interpolated linearly.</summary>
    /// <param name="sortedSamples">The samples in ascending order.</param>
    /// <param name="p">A probability in [0, 1].</param>
    /// <returns>The quantile.</returns>
    public static double Quantile(double[] sortedSamples, double p)
    {
        ArgumentNullException.ThrowIfNull(sortedSamples);
        var position = p * (sortedSamples.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sortedSamples.Length - 1);
        var fraction = position - below;
        return sortedSamples[below] + (fraction * (sortedSamples[above] - sortedSamples[below]));
    }
}
