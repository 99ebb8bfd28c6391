using FiniteDifferenceScoreMatching.Models;

namespace GaussianMixture1D;

/// <summary>The knobs of the study, with the original example's values as defaults.</summary>
internal sealed record StudyOptions
{
    public string OutputFolder { get; init; } = "output";

    public int Samples { get; init; } = 1024;

    public int FewSamples { get; init; } = 128;

    public int Epochs { get; init; } = 500;

    public int Seed { get; init; } = 12345;

    public int HiddenWidth { get; init; } = 8;

    public Activation Activation { get; init; } = Activation.Relu;

    public double LearningRate { get; init; } = 0.03;

    /// <summary>The finite-difference step; null for the default rule (max − min) / 2N.</summary>
    public double? Delta { get; init; }

    public IReadOnlyList<ExperimentKind> Experiments { get; init; } = Enum.GetValues<ExperimentKind>();

    public bool Quiet { get; init; }

    /// <summary>The number of parameter snapshots kept for the evolution figures.</summary>
    public int Snapshots { get; init; } = 10;
}
