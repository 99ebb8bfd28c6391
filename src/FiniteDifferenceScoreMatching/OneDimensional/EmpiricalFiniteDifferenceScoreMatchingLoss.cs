using FiniteDifferenceScoreMatching.Losses;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// Empirical finite-difference score matching, the loss that needs nothing but samples:
/// (1/N) Σₙ (½ ψ̄(xₙ)² + Dψ(xₙ)), with ψ̄ and Dψ from <see cref="FiniteDifferenceDerivative"/>.
/// </summary>
/// <remarks>
/// Its expectation over the sampling distribution equals the implicit score matching objective up to O(δ²), which
/// in turn equals the explicit objective up to a constant: minimising it fits the true score without knowing it.
/// </remarks>
public sealed class EmpiricalFiniteDifferenceScoreMatchingLoss : ScoreLoss, IFiniteDifferenceLoss
{
    private readonly Expectation _expectation;
    private readonly FiniteDifferenceObjective _objective;

    /// <summary>Creates the loss for a set of samples.</summary>
    /// <param name="samples">The samples: at least one, all finite (at least two distinct ones for the default step).</param>
    /// <param name="delta">The step δ; <see langword="null"/> for the default (max − min) / 2N of the samples.</param>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">No samples, a sample that is not finite, or no default step (one sample, or all equal).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not finite and positive, or vanishes next to the samples.</exception>
    public EmpiricalFiniteDifferenceScoreMatchingLoss(IReadOnlyList<double> samples, double? delta = null)
    {
        _expectation = Expectation.OverSamples(samples, nameof(samples));
        _objective = new FiniteDifferenceObjective(_expectation, FiniteDifferenceObjective.ResolveDelta(delta, _expectation, nameof(samples)));
    }

    /// <summary>Gets the samples.</summary>
    public IReadOnlyList<double> Samples => _expectation.Points;

    /// <summary>Gets the step δ.</summary>
    public double Delta => _objective.Delta;

    /// <inheritdoc />
    public override int? SampleCount => _expectation.Points.Length;

    /// <inheritdoc />
    FiniteDifferenceObjective IFiniteDifferenceLoss.Objective => _objective;

    /// <inheritdoc />
    protected override Tensor ComputeCore(LossContext context) => _objective.Compute(this, context);
}
