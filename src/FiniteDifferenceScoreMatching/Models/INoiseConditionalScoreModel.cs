using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// A score model conditioned on a noise level, ψ(x, σ) ≈ ∇ log p_σ(x), where p_σ = p ∗ N(0, σ² I) is the data's density
/// noised at σ (Song and Ermon, 2019).
/// </summary>
/// <remarks>
/// As an <see cref="IScoreModel"/>, <see cref="IScoreModel.Score"/> gives the score at the smallest level of
/// <see cref="Noise"/>, the model's estimate of the data's own score. A noise-conditional model has one member.
/// </remarks>
public interface INoiseConditionalScoreModel : IScoreModel
{
    /// <summary>Gets the noise levels the model is trained over.</summary>
    NoiseSchedule Noise { get; }

    /// <summary>Evaluates ψ(x, σ) at every point, each at its own level, keeping the autograd graph.</summary>
    /// <param name="x">The points, [N, d] (or [N] when d = 1), of the model's dtype and device; not disposed.</param>
    /// <param name="sigma">The level of each point, [N] or [N, 1], positive, of the model's dtype and device; not disposed.</param>
    /// <returns>A new tensor of the shape of <paramref name="x"/>, owned by the caller.</returns>
    Tensor Score(Tensor x, Tensor sigma);
}
