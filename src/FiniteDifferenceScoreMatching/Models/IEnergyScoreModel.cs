using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// A score model that is the negative gradient of an energy, ψ(x) = −∇E(x), so that it models the density
/// p(x) ∝ exp(−E(x)) up to its normalising constant.
/// </summary>
/// <remarks>
/// A score of this form is a gradient field by construction, and the energy differences it comes with are what
/// Metropolis-adjusted Langevin dynamics (<see cref="Sampling.LangevinSampler.SampleMetropolisAdjusted"/>) needs to
/// correct the discretisation of the dynamics, so that its chains keep exp(−E) exactly as their stationary density.
/// </remarks>
public interface IEnergyScoreModel : IScoreModel
{
    /// <summary>Evaluates the energy E at every point of a batch, keeping the autograd graph.</summary>
    /// <param name="x">
    /// The points, of shape [N, d] (or [N] when d = 1), of the model's <see cref="IScoreModel.DType"/> and
    /// <see cref="IScoreModel.Device"/>; not disposed.
    /// </param>
    /// <returns>A new tensor of shape [N] owned by the caller: element n the energy at point n.</returns>
    Tensor Energy(Tensor x);
}
