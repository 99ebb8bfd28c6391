using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// Finite-difference sliced score matching (Pang et al., 2020) on d-dimensional samples:
/// J(θ) = E_x E_v [‖ψ(x + v) + ψ(x − v)‖² / 8 + (d / 2ε²) (ψ(x + v) − ψ(x − v)) · v], with v = ε u / ‖u‖ and u standard
/// normal, one batched forward pass on [x + v; x − v] and no second backward pass.
/// </summary>
/// <remarks>
/// <para>
/// Since E[v vᵀ] = (ε² / d) I for a direction uniform on the sphere of radius ε, the second term's mean over directions is
/// the trace of ∂ψ/∂x up to O(ε²), and the first is ½ ‖ψ‖² up to O(ε²): the loss estimates implicit score matching
/// with the cost of two forward passes whatever d. For d = 1 the direction is ±ε and the loss is
/// <see cref="EmpiricalFiniteDifferenceScoreMatchingLoss"/> with δ = ε, for either sign.
/// </para>
/// <para>
/// Each call to <see cref="ScoreLoss.Compute"/> draws new directions, <see cref="Directions"/> per sample, from the loss's
/// own generator, seeded at construction and living on the model's device: the same seed gives the same sequence of
/// losses. Pang et al. use ε = 0.1 on standardised data.
/// </para>
/// </remarks>
public sealed class SlicedFiniteDifferenceScoreMatchingLoss : ScoreLoss
{
    private readonly PointSet _samples;
    private readonly LossRandomness _randomness;

    /// <summary>Creates the loss.</summary>
    /// <param name="samples">The samples, one per row of an [N, d] array: at least one, all finite.</param>
    /// <param name="epsilon">The length ε of the directions, in the samples' units; finite and positive.</param>
    /// <param name="directions">The number of directions per sample and call; at least 1.</param>
    /// <param name="seed">The seed of the directions' generator.</param>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">No samples, or a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not finite and positive, or <paramref name="directions"/> is below 1.</exception>
    public SlicedFiniteDifferenceScoreMatchingLoss(double[,] samples, double epsilon = 0.1, int directions = 1, long seed = 0)
    {
        _samples = new PointSet(samples, nameof(samples));
        Guard.ThrowIfNotFinitePositive(epsilon, nameof(epsilon));
        ArgumentOutOfRangeException.ThrowIfLessThan(directions, 1);
        Epsilon = epsilon;
        Directions = directions;
        _randomness = new LossRandomness(seed);
    }

    /// <summary>Gets the length ε of the directions.</summary>
    public double Epsilon { get; }

    /// <summary>Gets the number of directions per sample and call.</summary>
    public int Directions { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The model takes another number of coordinates than the samples have.</exception>
    protected override Tensor ComputeCore(IScoreModel model)
    {
        _samples.ThrowIfOtherDimension(model);
        var d = _samples.Dimension;
        var x = Matrix(_samples.Points, model);
        var points = Directions == 1 ? x : x.repeat(Directions, 1);
        var generator = _randomness.On(model.Device);
        var u = randn(points.shape, model.DType, model.Device, generator: generator);
        var v = u * (Epsilon / u.norm(1, keepdim: true));
        var scores = model.Score(cat([points + v, points - v], 0));
        var pair = scores.chunk(2);
        var (plus, minus) = (pair[0], pair[1]);
        var terms = ((plus + minus).square().sum(1) / 8) + (((plus - minus) * v).sum(1) * (d / (2 * Epsilon * Epsilon)));
        return terms.mean();
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
