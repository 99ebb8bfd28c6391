namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>An interval without samples between two groups of samples.</summary>
/// <param name="Lower">The largest sample below the gap.</param>
/// <param name="Upper">The smallest sample above the gap.</param>
/// <param name="SamplesBelow">The number of samples at or below <paramref name="Lower"/>.</param>
/// <param name="SamplesAbove">The number of samples at or above <paramref name="Upper"/>.</param>
/// <param name="Bandwidth">The kernel bandwidth the width was compared with.</param>
internal sealed record EmptyGap(double Lower, double Upper, int SamplesBelow, int SamplesAbove, double Bandwidth)
{
    /// <summary>Gets the width of the gap.</summary>
    public double Width => Upper - Lower;

    /// <summary>
    /// Finds the gaps between consecutive sorted samples that are wider than <paramref name="widthInBandwidths"/>
    /// times Silverman's bandwidth 0.9 · min(s, IQR / 1.349) · N^(−1/5), with at least
    /// max(5, ⌈N / 50⌉) samples on each side, so that gaps in the thin outer tails do not count.
    /// </summary>
    public static IReadOnlyList<EmptyGap> Find(IReadOnlyList<double> samples, double widthInBandwidths)
    {
        var sorted = samples.Order().ToArray();
        var count = sorted.Length;
        var minimumGroup = Math.Max(5, (count + 49) / 50);
        if (count < 2 * minimumGroup)
        {
            return [];
        }

        var bandwidth = SilvermanBandwidth(sorted);
        if (!(bandwidth > 0))
        {
            return [];
        }

        var gaps = new List<EmptyGap>();
        for (var i = minimumGroup; i <= count - minimumGroup; i++)
        {
            var width = sorted[i] - sorted[i - 1];
            if (width > widthInBandwidths * bandwidth)
            {
                gaps.Add(new EmptyGap(sorted[i - 1], sorted[i], i, count - i, bandwidth));
            }
        }

        return gaps;
    }

    /// <summary>Silverman's rule of thumb for sorted samples, 0.9 · <see cref="SampleStatistics.Spread"/> · N^(−1/5).</summary>
    internal static double SilvermanBandwidth(double[] sorted) => 0.9 * SampleStatistics.Spread(sorted) * Math.Pow(sorted.Length, -0.2);
}
