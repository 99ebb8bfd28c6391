using System.Globalization;

namespace FitQuality.Suite;

/// <summary>Silverman's rule of thumb, h = 0.9 min(σ̂, IQR / 1.34) N^(−1/5), which guards against heavy tails and several modes a little.</summary>
internal sealed class SilvermanRule : IBandwidthSelector
{
    /// <inheritdoc/>
    public string Name => "silverman";

    /// <summary>Silverman's bandwidth of <paramref name="sortedSamples"/>.</summary>
    /// <param name="sortedSamples">The samples in ascending order; at least two distinct values.</param>
    /// <returns>h; the standard deviation alone stands in for the spread when the interquartile range is 0.</returns>
    public static double Bandwidth(double[] sortedSamples)
    {
        var deviation = SampleSummary.StandardDeviation(sortedSamples);
        var quartileSpread = SampleSummary.InterquartileRange(sortedSamples) / 1.34;
        var spread = quartileSpread > 0 ? Math.Min(deviation, quartileSpread) : deviation;
        return 0.9 * spread * Math.Pow(sortedSamples.Length, -0.2);
    }

    /// <inheritdoc/>
    public BandwidthChoice Select(double[] sortedSamples)
    {
        ArgumentNullException.ThrowIfNull(sortedSamples);
        var h = Bandwidth(sortedSamples);
        return new BandwidthChoice(h, string.Create(CultureInfo.InvariantCulture, $"h = {h:G4}"));
    }
}
