namespace FiniteDifferenceScoreMatching.Training;

/// <summary>Which engine a <see cref="Trainer"/> runs its steps on.</summary>
public enum TrainingEngine
{
    /// <summary>
    /// The fused managed engine where it applies (the default Adam, a network 1 → H → 1 on the CPU, a finite-difference
    /// loss of one coordinate; docs/training-engines.md), TorchSharp everywhere else.
    /// </summary>
    Automatic,

    /// <summary>TorchSharp always: its forward pass, autograd and the optimizer, on the model's device.</summary>
    TorchSharp,
}
