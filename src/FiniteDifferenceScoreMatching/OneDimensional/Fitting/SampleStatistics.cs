namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>Robust summaries of sorted samples, shared by the empty-gap check and the standardisation of a fit.</summary>
internal static class SampleStatistics
{
    /// <summary>
    /// The spread of Silverman's rule of thumb, min(s, IQR / 1.349), with s the sample standard deviation; s alone
    /// when the interquartile range is zero. For a normal sample both estimate σ; for a mixture the smaller is the
    /// width of its larger groups rather than the distance between them.
    /// </summary>
    /// <param name="sorted">At least two samples, in ascending order.</param>
    public static double Spread(double[] sorted)
    {
        var count = sorted.Length;
        var mean = sorted.Average();

        // Deviations are divided by the largest before squaring, so that neither tiny nor huge samples under- or overflow.
        var largest = Math.Max(mean - sorted[0], sorted[^1] - mean);
        var deviation = largest > 0 ? largest * Math.Sqrt(sorted.Sum(x => Math.Pow((x - mean) / largest, 2)) / (count - 1)) : 0;
        var iqr = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
        return iqr > 0 ? Math.Min(deviation, iqr / 1.349) : deviation;
    }

    /// <summary>The quantile of sorted samples by linear interpolation between order statistics.</summary>
    /// <param name="sorted">At least one sample, in ascending order.</param>
    /// <param name="probability">The probability, in [0, 1].</param>
    public static double Quantile(double[] sorted, double probability)
    {
        var position = probability * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
