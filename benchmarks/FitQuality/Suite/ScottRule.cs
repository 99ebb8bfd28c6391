using System.Globalization;

namespace FitQuality.Suite;

/// <summary>Scott's rule, h = 1.06 σ̂ N^(−1/5): optimal for normal data, too wide for multimodal data.</summary>
internal sealed class ScottRule : IBandwidthSelector
{
    /// <inheritdoc/>
    public string Name => "scott";

    /// <inheritdoc/>
    public BandwidthChoice Select(double[] sortedSamples)
    {
        ArgumentNullException.ThrowIfNull(sortedSamples);
        var h = 1.06 * SampleSummary.StandardDeviation(sortedSamples) * Math.Pow(sortedSamples.Length, -0.2);
        return new BandwidthChoice(h, string.Create(CultureInfo.InvariantCulture, $"h = {h:G4}"));
    }
}
