using FiniteDifferenceScoreMatching.Losses;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// Explicit score matching, J_ESM(θ) = ½ ∫ p(x) (ψ(x; θ) − ψ_X(x))² dx, by the trapezoid rule on a grid where the
/// density and the true score are known.
/// </summary>
/// <remarks>
/// This is the objective that the implicit and finite-difference losses stand in for. It needs the true score, so it
/// serves to check that a model can represent a score, and to pre-train one.
/// </remarks>
public sealed class ExplicitScoreMatchingLoss : ScoreLoss
{
    private readonly double[] _weights;

    /// <summary>Creates the loss for a tabulated target.</summary>
    /// <param name="target">The grid, density and true score.</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public ExplicitScoreMatchingLoss(GridTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        _weights = target.ExpectationWeights();
    }

    /// <summary>Gets the target.</summary>
    public GridTarget Target { get; }

    /// <inheritdoc />
    protected override Tensor ComputeCore(LossContext context)
    {
        var error = context.Score(Column(Target.Grid.Points, context)).squeeze(2) - Column(Target.Score, context).squeeze(1);
        return 0.5 * error.square().matmul(Column(_weights, context)).squeeze(1);
    }
}
