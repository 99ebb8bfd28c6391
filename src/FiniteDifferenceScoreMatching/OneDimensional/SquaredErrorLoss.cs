using FiniteDifferenceScoreMatching.Losses;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// The plain mean squared error between the model and the true score over the points of a grid, with no weighting
/// by the density.
/// </summary>
/// <remarks>
/// Unlike <see cref="ExplicitScoreMatchingLoss"/>, it weighs the low-density transition region between modes as much
/// as the modes themselves.
/// </remarks>
public sealed class SquaredErrorLoss : ScoreLoss
{
    /// <summary>Creates the loss for a tabulated target.</summary>
    /// <param name="target">The grid and true score (the density is not used).</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public SquaredErrorLoss(GridTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
    }

    /// <summary>Gets the target.</summary>
    public GridTarget Target { get; }

    /// <inheritdoc />
    protected override Tensor ComputeCore(LossContext context)
    {
        var error = context.Score(Column(Target.Grid.Points, context)).squeeze(2) - Column(Target.Score, context).squeeze(1);
        return error.square().mean([1]);
    }
}
