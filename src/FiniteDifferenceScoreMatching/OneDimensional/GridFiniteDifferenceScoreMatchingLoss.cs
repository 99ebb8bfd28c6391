using FiniteDifferenceScoreMatching.Losses;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// Finite-difference score matching weighted by a known density on a grid:
/// J_FDSM(θ) = ∫ p(x) (½ ψ̄(x)² + Dψ(x)) dx, with ψ̄ and Dψ from <see cref="FiniteDifferenceDerivative"/>.
/// </summary>
/// <remarks>
/// It differs from the explicit loss by a constant (½ ∫ p ψ_X² dx) and a term of order δ², so it has the same
/// minimiser up to O(δ²), without using the true score.
/// </remarks>
public sealed class GridFiniteDifferenceScoreMatchingLoss : ScoreLoss, IFiniteDifferenceLoss
{
    private readonly FiniteDifferenceObjective _objective;

    /// <summary>Creates the loss for a tabulated density.</summary>
    /// <param name="target">The grid and density (the true score is not used).</param>
    /// <param name="delta">The step δ; <see langword="null"/> for the default (max − min) / 2N, 0.05 for 200 points on [−10, 10].</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not finite and positive, or vanishes next to the grid points.</exception>
    public GridFiniteDifferenceScoreMatchingLoss(GridTarget target, double? delta = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        var expectation = Expectation.UnderDensity(target);
        _objective = new FiniteDifferenceObjective(expectation, FiniteDifferenceObjective.ResolveDelta(delta, expectation, nameof(target)));
    }

    /// <summary>Gets the target.</summary>
    public GridTarget Target { get; }

    /// <summary>Gets the step δ.</summary>
    public double Delta => _objective.Delta;

    /// <inheritdoc />
    FiniteDifferenceObjective IFiniteDifferenceLoss.Objective => _objective;

    /// <inheritdoc />
    protected override Tensor ComputeCore(LossContext context) => _objective.Compute(this, context);
}
