using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// Denoising score matching (Vincent, 2011) on d-dimensional samples: J(θ) = E_x E_z [½ ‖ψ(x + σz) + z / σ‖²], z
/// standard normal, whose minimiser is the score of the noised density p_σ = p ∗ N(0, σ²I), not of p itself.
/// </summary>
/// <remarks>
/// No derivative of ψ in x is needed: one forward pass on the noised batch. Each evaluation draws new noise from the
/// step's generator. Small σ brings p_σ close to p at the price of a noisier loss.
/// </remarks>
public sealed class DenoisingScoreMatchingLoss : ScoreLoss
{
    private readonly PointSet _samples;

    /// <summary>Creates the loss.</summary>
    /// <param name="samples">The samples, one per row of an [N, d] array: at least one, all finite.</param>
    /// <param name="sigma">The noise's standard deviation σ, in the samples' units; finite and positive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">No samples, or a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sigma"/> is not finite and positive.</exception>
    public DenoisingScoreMatchingLoss(double[,] samples, double sigma)
    {
        _samples = new PointSet(samples, nameof(samples));
        Guard.ThrowIfNotFinitePositive(sigma, nameof(sigma));
        Sigma = sigma;
    }

    /// <summary>Gets the noise's standard deviation σ.</summary>
    public double Sigma { get; }

    /// <inheritdoc />
    public override int? SampleCount => _samples.Count;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The model takes another number of coordinates than the samples have.</exception>
    protected override Tensor ComputeCore(LossContext context)
    {
        _samples.ThrowIfOtherDimension(context.Model);
        var x = context.Select(Matrix(_samples.Points, context));
        var z = randn(x.shape, context.DType, context.Device, generator: RandomSource(context));
        var residual = context.Score(x + (z * Sigma)) + (z / Sigma);
        return (residual.square().sum(2) / 2).mean([1]);
    }
}
