namespace FiniteDifferenceScoreMatching.Sampling;

/// <summary>What a sampler returns: the chains' last points, copies of them along the way, and whether it ran to the end.</summary>
public sealed class SamplingResult
{
    internal SamplingResult(double[,] samples, IReadOnlyList<double[,]> trajectory, int stepsCompleted, bool cancelled, double? acceptanceRate = null)
    {
        AcceptanceRate = acceptanceRate;
        Samples = samples;
        Trajectory = trajectory;
        StepsCompleted = stepsCompleted;
        Cancelled = cancelled;
    }

    /// <summary>Gets the chains' points after the last step completed, one chain per row of an [N, d] array.</summary>
    public double[,] Samples { get; }

    /// <summary>Gets copies of the chains, the starting points first, then one every record interval; empty when none was asked for.</summary>
    public IReadOnlyList<double[,]> Trajectory { get; }

    /// <summary>Gets the number of steps run.</summary>
    public int StepsCompleted { get; }

    /// <summary>Gets a value indicating whether the call was cancelled before its last step.</summary>
    public bool Cancelled { get; }

    /// <summary>
    /// Gets the fraction of proposals accepted over all chains and steps, for a Metropolis-adjusted sampler (NaN if no
    /// step ran); <see langword="null"/> for the unadjusted samplers, which accept every move.
    /// </summary>
    public double? AcceptanceRate { get; }

    /// <summary>Returns a copy of this result that reports <paramref name="rate"/> as its acceptance rate.</summary>
    internal SamplingResult WithAcceptanceRate(double rate) => new(Samples, Trajectory, StepsCompleted, Cancelled, rate);
}
