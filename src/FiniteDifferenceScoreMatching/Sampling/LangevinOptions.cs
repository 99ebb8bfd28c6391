namespace FiniteDifferenceScoreMatching.Sampling;

/// <summary>How <see cref="LangevinSampler.Sample"/> runs unadjusted Langevin dynamics. Validated when sampling starts.</summary>
public sealed record LangevinOptions
{
    /// <summary>Gets the step size ε of x ← x + ε ψ(x) + √(2ε) z.</summary>
    /// <value>The default is 0.01.</value>
    public double StepSize { get; init; } = 0.01;

    /// <summary>Gets the number of steps.</summary>
    /// <value>The default is 1,000.</value>
    public int Steps { get; init; } = 1000;

    /// <summary>Gets the number of steps between two copies of the chains kept in <see cref="SamplingResult.Trajectory"/>, or <see langword="null"/> to keep none.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? RecordInterval { get; init; }

    /// <summary>Gets the number of steps between two progress reports.</summary>
    /// <value>The default is 100. The last step is always reported.</value>
    public int ReportInterval { get; init; } = 100;

    /// <summary>Throws when an option is out of range.</summary>
    internal void Validate()
    {
        Guard.ThrowIfNotFinitePositive(StepSize, nameof(StepSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Steps, nameof(Steps));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReportInterval, nameof(ReportInterval));
        if (RecordInterval is { } interval)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(interval, nameof(RecordInterval));
        }
    }
}
