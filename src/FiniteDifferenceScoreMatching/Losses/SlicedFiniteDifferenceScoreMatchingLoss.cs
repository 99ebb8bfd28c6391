using FiniteDifferenceScoreMatching.Training.Engines;
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
/// <see cref="OneDimensional.EmpiricalFiniteDifferenceScoreMatchingLoss"/> with δ = ε, for either sign.
/// </para>
/// <para>
/// Each evaluation draws new directions, <see cref="Directions"/> per sample, from the step's generator (the trainer's,
/// seeded by <see cref="Training.TrainerOptions.Seed"/>): the same seed gives the same sequence of losses. Pang et al.
/// use ε = 0.1 on standardised data.
/// </para>
/// </remarks>
public sealed class SlicedFiniteDifferenceScoreMatchingLoss : ScoreLoss, IFusableLoss
{
    private readonly PointSet _samples;

    /// <summary>Creates the loss.</summary>
    /// <param name="samples">The samples, one per row of an [N, d] array: at least one, all finite.</param>
    /// <param name="epsilon">The length ε of the directions, in the samples' units; finite and positive.</param>
    /// <param name="directions">The number of directions per sample and call; at least 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">No samples, or a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not finite and positive, or <paramref name="directions"/> is below 1.</exception>
    public SlicedFiniteDifferenceScoreMatchingLoss(double[,] samples, double epsilon = 0.1, int directions = 1)
    {
        _samples = new PointSet(samples, nameof(samples));
        Guard.ThrowIfNotFinitePositive(epsilon, nameof(epsilon));
        ArgumentOutOfRangeException.ThrowIfLessThan(directions, 1);
        Epsilon = epsilon;
        Directions = directions;
    }

    /// <summary>Gets the length ε of the directions.</summary>
    public double Epsilon { get; }

    /// <summary>Gets the number of directions per sample and call.</summary>
    public int Directions { get; }

    /// <inheritdoc />
    public override int? SampleCount => _samples.Count;

    /// <inheritdoc />
    IFusedObjective? IFusableLoss.CreateObjective(NetworkLayout layout, bool batched) =>
        layout.Dimension == _samples.Dimension ? new SlicedFiniteDifferenceObjective(_samples.Points, Epsilon, Directions, layout.Hidden, layout.Activation) : null;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The model takes another number of coordinates than the samples have.</exception>
    protected override Tensor ComputeCore(LossContext context)
    {
        _samples.ThrowIfOtherDimension(context.Model);
        var d = _samples.Dimension;
        var x = context.Select(Matrix(_samples.Points, context));
        var points = Directions == 1 ? x : x.repeat(Directions, 1);
        var u = randn(points.shape, context.DType, context.Device, generator: RandomSource(context));
        var v = u * (Epsilon / u.norm(1, keepdim: true));
        var scores = context.Score(cat([points + v, points - v], 0));
        var pair = scores.chunk(2, 1);
        var (plus, minus) = (pair[0], pair[1]);
        var terms = ((plus + minus).square().sum(2) / 8) + (((plus - minus) * v).sum(2) * (d / (2 * Epsilon * Epsilon)));
        return terms.mean([1]);
    }
}
