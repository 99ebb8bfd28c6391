using System.Globalization;

namespace FiniteDifferenceScoreMatching.Sampling;

/// <summary>Progress of a sampler, reported through <see cref="IProgress{T}"/>.</summary>
public sealed class SamplingReport
{
    internal SamplingReport(int step, int steps, double sigma)
    {
        Step = step;
        Steps = steps;
        Sigma = sigma;
    }

    /// <summary>Gets the step just completed, from 1.</summary>
    public int Step { get; }

    /// <summary>Gets the number of steps the call runs.</summary>
    public int Steps { get; }

    /// <summary>Gets the noise level of the step for annealed Langevin dynamics; NaN for plain Langevin dynamics.</summary>
    public double Sigma { get; }

    /// <inheritdoc />
    public override string ToString() => double.IsNaN(Sigma)
        ? string.Create(CultureInfo.InvariantCulture, $"step {Step}/{Steps}")
        : string.Create(CultureInfo.InvariantCulture, $"step {Step}/{Steps}, σ = {Sigma:G4}");
}
