using FiniteDifferenceScoreMatching.Losses;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// Empirical finite-difference score matching with a curvature penalty, in the style of Kingma and LeCun (2010):
/// (1/N) Σₙ (½ ψ̄(xₙ)² + Dψ(xₙ) + λ Dψ(xₙ)²), with ψ̄ and Dψ as in <see cref="FiniteDifferenceDerivative"/>.
/// </summary>
/// <remarks>
/// <para>
/// The empirical objective rewards a score whose derivative is very negative at the samples: with few samples, a
/// flexible network lowers the loss by bending sharply at each of them, which is overfitting. The penalty
/// λ E[(∂ψ/∂x)²] charges for that curvature of log p. It reuses the two evaluations of ψ that the finite difference
/// needs, at x + δ and x − δ (done as one forward pass over both), so it costs almost nothing. Like the plain loss, it
/// can be trained in mini-batches and evaluated for every member of an ensemble at once.
/// </para>
/// <para>
/// The penalty biases the fit towards flatter scores, that is, wider and smoother densities: for a normal
/// component of variance σ², the penalised optimum among normal scores has variance σ² + 2λ. Keep λ small next to
/// the variance of the narrowest feature worth resolving. With <see cref="CurvatureWeight"/> = 0 the loss equals
/// <see cref="EmpiricalFiniteDifferenceScoreMatchingLoss"/>.
/// </para>
/// </remarks>
public sealed class CurvaturePenalizedScoreMatchingLoss : ScoreLoss, IFiniteDifferenceLoss
{
    private readonly Expectation _expectation;
    private readonly FiniteDifferenceObjective _objective;

    /// <summary>Creates the loss for a set of samples.</summary>
    /// <param name="samples">The samples: at least one, all finite (at least two distinct ones for the default step).</param>
    /// <param name="curvatureWeight">The weight λ of the penalty; finite and not negative.</param>
    /// <param name="delta">The step δ; <see langword="null"/> for the default (max − min) / 2N of the samples.</param>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">No samples, a sample that is not finite, or no default step (one sample, or all equal).</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="curvatureWeight"/> is negative or not finite, or <paramref name="delta"/> is not finite and
    /// positive, or vanishes next to the samples.
    /// </exception>
    public CurvaturePenalizedScoreMatchingLoss(IReadOnlyList<double> samples, double curvatureWeight, double? delta = null)
    {
        _expectation = Expectation.OverSamples(samples, nameof(samples));
        Guard.ThrowIfNegativeOrNotFinite(curvatureWeight, nameof(curvatureWeight));

        _objective = new FiniteDifferenceObjective(_expectation, FiniteDifferenceObjective.ResolveDelta(delta, _expectation, nameof(samples)), curvatureWeight);
    }

    /// <summary>Gets the samples.</summary>
    public IReadOnlyList<double> Samples => _expectation.Points;

    /// <summary>Gets the weight λ of the curvature penalty.</summary>
    public double CurvatureWeight => _objective.CurvatureWeight;

    /// <summary>Gets the step δ.</summary>
    public double Delta => _objective.Delta;

    /// <inheritdoc />
    public override int? SampleCount => _expectation.Points.Length;

    /// <inheritdoc />
    FiniteDifferenceObjective IFiniteDifferenceLoss.Objective => _objective;

    /// <inheritdoc />
    protected override Tensor ComputeCore(LossContext context) => _objective.Compute(this, context);
}
