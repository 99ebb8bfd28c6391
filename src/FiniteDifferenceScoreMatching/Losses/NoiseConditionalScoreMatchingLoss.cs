using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// Denoising score matching over a schedule of noise levels for a noise-conditional score model (Song and Ermon,
/// 2019): J(θ) = (1/L) Σᵢ σᵢ² E_x E_z [½ ‖ψ(x + σᵢ z, σᵢ) + z / σᵢ‖²], z standard normal, whose minimiser at each
/// level is the score of the noised density p_σᵢ = p ∗ N(0, σᵢ² I).
/// </summary>
/// <remarks>
/// <para>
/// The weight σᵢ² makes every level's term of the same order (the noised score grows as 1/σ), so the term is
/// ½ ‖σᵢ ψ(x + σᵢ z, σᵢ) + z‖². Each evaluation draws, for every sample of the step, one level uniformly from the
/// model's <see cref="INoiseConditionalScoreModel.Noise"/> and its noise z from the step's generator: an unbiased
/// estimate of J with one forward pass and no derivative in x.
/// </para>
/// <para>
/// The large levels fill the gaps between the data's modes with noised density, so the model learns there what plain
/// score matching cannot see; annealed Langevin dynamics then walks down the levels to sample the data's density.
/// </para>
/// </remarks>
public sealed class NoiseConditionalScoreMatchingLoss : ScoreLoss
{
    private readonly PointSet _samples;

    /// <summary>Creates the loss.</summary>
    /// <param name="samples">The samples, one per row of an [N, d] array: at least one, all finite.</param>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">No samples, or a value that is not finite.</exception>
    public NoiseConditionalScoreMatchingLoss(double[,] samples)
    {
        _samples = new PointSet(samples, nameof(samples));
    }

    /// <inheritdoc />
    public override int? SampleCount => _samples.Count;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The model is not noise-conditional, has more than one member, or takes another number of coordinates than the samples have.</exception>
    protected override Tensor ComputeCore(LossContext context)
    {
        if (context.Model is not INoiseConditionalScoreModel model || context.Members != 1)
        {
            throw new ArgumentException($"{nameof(NoiseConditionalScoreMatchingLoss)} trains a noise-conditional model of one member ({nameof(INoiseConditionalScoreModel)}), not a {context.Model.GetType().Name} of {context.Members}.", nameof(context));
        }

        _samples.ThrowIfOtherDimension(model);
        var x = context.Select(Matrix(_samples.Points, context));
        var generator = RandomSource(context);
        var levels = Column(model.Noise.Levels, context);
        var sigma = levels.index_select(0, randint(0, model.Noise.Count, [x.size(0)], generator: generator, device: context.Device));
        var z = randn(x.shape, context.DType, context.Device, generator: generator);
        var residual = (model.Score(x + (sigma * z), sigma) * sigma) + z;
        return (residual.square().sum(1) / 2).mean().reshape(1);
    }
}
