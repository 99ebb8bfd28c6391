namespace FitQuality.Suite;

/// <summary>A bandwidth chosen by a rule, with what the rule wants said about it.</summary>
internal sealed class BandwidthChoice
{
    /// <summary>Creates the choice.</summary>
    /// <param name="bandwidth">The bandwidth; positive and finite.</param>
    /// <param name="details">How it was found, for the CSV.</param>
    /// <param name="warnings">Anything that went wrong on the way (a fallback, an optimum at the edge of a search), each as "kind: message".</param>
    public BandwidthChoice(double bandwidth, string details, IReadOnlyList<string>? warnings = null)
    {
        Bandwidth = bandwidth;
        Details = details;
        Warnings = warnings ?? [];
    }

    /// <summary>Gets the bandwidth.</summary>
    public double Bandwidth { get; }

    /// <summary>Gets how it was found.</summary>
    public string Details { get; }

    /// <summary>Gets the warnings; empty when there are none.</summary>
    public IReadOnlyList<string> Warnings { get; }
}
