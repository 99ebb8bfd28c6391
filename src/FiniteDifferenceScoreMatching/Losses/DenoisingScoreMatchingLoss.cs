using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// Denoising score matching (Vincent, 2011) on d-dimensional samples: J(θ) = E_x E_z [½ ‖ψ(x + σz) + z / σ‖²], z
/// standard normal, whose minimiser is the score of the noised density p_σ = p ∗ N(0, σ²I), not of p itself.
/// </summary>
/// <remarks>
/// No derivative of ψ in x is needed: one forward pass on the noised batch. Each call to
/// <see cref="ScoreLoss.Compute"/> draws new noise from the loss's own generator, seeded at construction and living on
/// the model's device. Small σ brings p_σ close to p at the price of a noisier loss.
/// </remarks>
public sealed class DenoisingScoreMatchingLoss : ScoreLoss
{
    private readonly PointSet _samples;
    private readonly LossRandomness _randomness;

    /// <summary>Creates the loss.</summary>
    /// <param name="samples">The samples, one per row of an [N, d] array: at least one, all finite.</param>
    /// <param name="sigma">The noise's standard deviation σ, in the samples' units; finite and positive.</param>
    /// <param name="seed">The seed of the noise's generator.</param>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">No samples, or a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sigma"/> is not finite and positive.</exception>
    public DenoisingScoreMatchingLoss(double[,] samples, double sigma, long seed = 0)
    {
        _samples = new PointSet(samples, nameof(samples));
        Guard.ThrowIfNotFinitePositive(sigma, nameof(sigma));
        Sigma = sigma;
        _randomness = new LossRandomness(seed);
    }

    /// <summary>Gets the noise's standard deviation σ.</summary>
    public double Sigma { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The model takes another number of coordinates than the samples have.</exception>
    protected override Tensor ComputeCore(IScoreModel model)
    {
        _samples.ThrowIfOtherDimension(model);
        var x = Matrix(_samples.Points, model);
        var generator = _randomness.On(model.Device);
        var z = randn(x.shape, model.DType, model.Device, generator: generator);
        var residual = model.Score(x + (z * Sigma)) + (z / Sigma);
        return (residual.square().sum(1) / 2).mean();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _randomness.Dispose();
        }

        base.Dispose(disposing);
    }
}
