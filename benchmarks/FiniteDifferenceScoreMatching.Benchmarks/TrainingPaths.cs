using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>Trainer options that choose the trainers' path.</summary>
internal static class TrainingPaths
{
    /// <summary>
    /// Adam with the default settings, handed in by a factory: the trainers then take their general path
    /// (TorchSharp's forward pass, autograd and optimizer) where the default options would take the fused one.
    /// </summary>
    public static TrainerOptions General { get; } = new() { OptimizerFactory = (parameters, rate) => optim.Adam(parameters, rate) };
}
