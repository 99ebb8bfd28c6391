using FiniteDifferenceScoreMatching.Training.Engines;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// Implicit score matching on d-dimensional samples with the trace of ∂ψ/∂x by central differences along each axis:
/// J(θ) = E_x [½ ‖ψ(x)‖² + Σᵢ (ψᵢ(x + ε eᵢ) − ψᵢ(x − ε eᵢ)) / 2ε], from one forward pass on the 2d + 1 shifted copies of
/// the batch and no second backward pass.
/// </summary>
/// <remarks>
/// The difference quotient differs from the derivative by O(ε²); the cost grows linearly in d, where
/// <see cref="SlicedFiniteDifferenceScoreMatchingLoss"/> stays at two forward passes.
/// </remarks>
public sealed class CoordinateFiniteDifferenceScoreMatchingLoss : ScoreLoss, IFusableLoss
{
    private readonly PointSet _samples;

    /// <summary>Creates the loss.</summary>
    /// <param name="samples">The samples, one per row of an [N, d] array: at least one, all finite.</param>
    /// <param name="epsilon">The step ε along each axis, in the samples' units; finite and positive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">No samples, or a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not finite and positive.</exception>
    public CoordinateFiniteDifferenceScoreMatchingLoss(double[,] samples, double epsilon = 0.01)
    {
        _samples = new PointSet(samples, nameof(samples));
        Guard.ThrowIfNotFinitePositive(epsilon, nameof(epsilon));
        Epsilon = epsilon;
    }

    /// <summary>Gets the step ε along each axis.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override int? SampleCount => _samples.Count;

    /// <inheritdoc />
    IFusedObjective? IFusableLoss.CreateObjective(NetworkLayout layout, bool batched) =>
        layout.Dimension == _samples.Dimension ? new CoordinateFiniteDifferenceObjective(_samples.Points, Epsilon, layout.Hidden, layout.Activation) : null;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The model takes another number of coordinates than the samples have.</exception>
    protected override Tensor ComputeCore(LossContext context)
    {
        _samples.ThrowIfOtherDimension(context.Model);
        var d = _samples.Dimension;
        var x = context.Select(Matrix(_samples.Points, context));
        var n = x.size(0);

        // Row i of the steps is ε eᵢ; the shifted copies are [d, N, d], copy i moved along axis i.
        var steps = eye(d, dtype: context.DType, device: context.Device) * Epsilon;
        var plus = (x.unsqueeze(0) + steps.unsqueeze(1)).reshape(d * n, d);
        var minus = (x.unsqueeze(0) - steps.unsqueeze(1)).reshape(d * n, d);
        var scores = context.Score(cat([x, plus, minus], 0));
        var atX = scores.narrow(1, 0, n);

        // Coordinate i of copy i: the diagonal of [K, d, N, d] over its second and last dimensions, as [K, N, d].
        var forward = scores.narrow(1, n, d * n).reshape(-1, d, n, d).diagonal(0, 1, 3);
        var backward = scores.narrow(1, (d + 1) * n, d * n).reshape(-1, d, n, d).diagonal(0, 1, 3);
        var trace = (forward - backward).sum(2) / (2 * Epsilon);
        return ((atX.square().sum(2) / 2) + trace).mean([1]);
    }
}
