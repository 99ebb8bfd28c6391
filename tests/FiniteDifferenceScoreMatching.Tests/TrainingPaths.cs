using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>Trainer options that choose the trainers' path.</summary>
internal static class TrainingPaths
{
    /// <summary>
    /// The TorchSharp engine (its forward pass, autograd and optimizer) where the default options would choose the
    /// fused one.
    /// </summary>
    public static TrainerOptions General { get; } = new() { Engine = TrainingEngine.TorchSharp };
}
