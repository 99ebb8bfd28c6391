namespace FitQuality.Suite;

/// <summary>One estimator fitted to one sample set: the measurements, or why it failed.</summary>
internal sealed class SuiteRow
{
    /// <summary>Gets the distribution's name.</summary>
    public required string Distribution { get; init; }

    /// <summary>Gets the distribution's part of the suite.</summary>
    public required SuitePart Part { get; init; }

    /// <summary>Gets the number of samples N.</summary>
    public required int SampleCount { get; init; }

    /// <summary>Gets the index of the sample set, from 0.</summary>
    public required int SampleSet { get; init; }

    /// <summary>Gets the estimator's name.</summary>
    public required string Estimator { get; init; }

    /// <summary>Gets the L1 distance to the true density; NaN for a failure.</summary>
    public double L1 { get; init; } = double.NaN;

    /// <summary>Gets the mean log-density of the estimate at the held-out points; NaN for a failure.</summary>
    public double LogLikelihood { get; init; } = double.NaN;

    /// <summary>Gets the mean log-density of the truth at the same points.</summary>
    public required double TruthLogLikelihood { get; init; }

    /// <summary>Gets the wall-clock time of the fit (for a kernel estimate, sorting and choosing the bandwidth), without the evaluation.</summary>
    public double Seconds { get; init; } = double.NaN;

    /// <summary>Gets the estimator's warnings about this estimate.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Gets what the estimate chose.</summary>
    public string Details { get; init; } = "";

    /// <summary>Gets the exception's type and message when the estimator failed; <see langword="null"/> otherwise.</summary>
    public string? Error { get; init; }

    /// <summary>Gets a value indicating whether the estimator failed.</summary>
    public bool Failed => Error is not null;

    /// <summary>Gets a value indicating whether the estimate carries a warning.</summary>
    public bool Warned => Warnings.Count > 0;
}
