using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// A loss that is a mean over samples and can be evaluated on any subset of them, so that a
/// <see cref="Training.Trainer"/> can train on shuffled mini-batches (<see cref="Training.TrainerOptions.BatchSize"/>).
/// </summary>
public interface IMiniBatchLoss
{
    /// <summary>Gets the number of samples the loss averages over.</summary>
    int SampleCount { get; }

    /// <summary>Computes the loss over the samples at <paramref name="indices"/>, keeping the autograd graph.</summary>
    /// <param name="model">The model to evaluate; not disposed.</param>
    /// <param name="indices">A 1-D int64 tensor of distinct sample indices in [0, <see cref="SampleCount"/>); not disposed.</param>
    /// <returns>A new scalar tensor, the mean over those samples, owned by the caller.</returns>
    Tensor ComputeBatch(IScoreModel model, Tensor indices);
}
