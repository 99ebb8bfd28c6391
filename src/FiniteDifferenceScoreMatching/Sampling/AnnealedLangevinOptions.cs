namespace FiniteDifferenceScoreMatching.Sampling;

/// <summary>
/// How <see cref="LangevinSampler.SampleAnnealed"/> runs annealed Langevin dynamics (Song and Ermon, 2019): T steps at each
/// level σᵢ of the model's schedule, largest first, with step αᵢ = ε σᵢ² / σ_L². Validated when sampling starts.
/// </summary>
public sealed record AnnealedLangevinOptions
{
    /// <summary>Gets ε, the step at the smallest level; the step at level σᵢ is ε σᵢ² / σ_L².</summary>
    /// <value>The default is 2e-5, Song and Ermon's value for a smallest level of 0.01.</value>
    public double StepSize { get; init; } = 2e-5;

    /// <summary>Gets the number of steps T at each level.</summary>
    /// <value>The default is 100, as in Song and Ermon.</value>
    public int StepsPerLevel { get; init; } = 100;

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
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(StepsPerLevel, nameof(StepsPerLevel));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReportInterval, nameof(ReportInterval));
        if (RecordInterval is { } interval)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(interval, nameof(RecordInterval));
        }
    }
}
