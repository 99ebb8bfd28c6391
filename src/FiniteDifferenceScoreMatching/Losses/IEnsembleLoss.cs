using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// A loss that can be evaluated for every member of an <see cref="MlpEnsemble"/> in one pass, so that an
/// <see cref="Training.EnsembleTrainer"/> can train the members together.
/// </summary>
/// <remarks>
/// An implementation evaluates <see cref="MlpEnsemble.Score"/> once, on all the points it needs, and reduces each
/// row of the [K, N] result to that member's loss. Member k's loss must depend on row k alone: the trainer
/// minimises the sum, and each member's gradient is then that of its own loss.
/// </remarks>
public interface IEnsembleLoss
{
    /// <summary>Computes every member's loss, keeping the autograd graph.</summary>
    /// <param name="ensemble">The ensemble to evaluate; not disposed.</param>
    /// <returns>A new [K] tensor, element k member k's loss, owned by the caller.</returns>
    Tensor ComputeEach(MlpEnsemble ensemble);
}
