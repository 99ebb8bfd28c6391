using FiniteDifferenceScoreMatching.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// The derivative ∂ψ/∂x of a one-dimensional score model by a centred finite difference: two forward passes, at x + δ and x − δ, and
/// no second backward pass.
/// </summary>
public static class FiniteDifferenceDerivative
{
    /// <summary>
    /// Gets the default step: the range of the points divided by twice their number, (max − min) / 2N, as in the
    /// original example (0.05 for 200 points on [−10, 10]).
    /// </summary>
    /// <param name="points">The points the loss is evaluated at.</param>
    /// <returns>The step.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    /// <exception cref="ArgumentException">A point is not finite, or the rule gives no finite positive step: fewer than two points, all equal, or a range beyond double precision.</exception>
    public static double DefaultDelta(IReadOnlyList<double> points) => DefaultDelta(points, nameof(points));

    /// <summary>As <see cref="DefaultDelta(IReadOnlyList{double})"/>, naming the caller's parameter in exceptions.</summary>
    internal static double DefaultDelta(IReadOnlyList<double> points, string parameterName)
    {
        Guard.ThrowIfAnyNotFinite(points, parameterName);
        if (points.Count < 2)
        {
            throw new ArgumentException($"The default step needs at least two points, but there are {points.Count}; pass a step explicitly.", parameterName);
        }

        var min = points.Min();
        var max = points.Max();
        if (max == min)
        {
            throw new ArgumentException($"All {points.Count} points equal {min}, so the default step (max − min) / 2N is zero; pass a step explicitly.", parameterName);
        }

        if (!double.IsFinite(max - min))
        {
            throw new ArgumentException($"The points span from {min} to {max}, a range larger than a double can hold, so the default step (max − min) / 2N is not finite; rescale the points.", parameterName);
        }

        return (max - min) / (2.0 * points.Count);
    }

    /// <summary>Evaluates ψ at x ± δ and forms the averaged score and the centred derivative.</summary>
    /// <param name="model">The model.</param>
    /// <param name="x">The points, of the model's dtype and device; not disposed.</param>
    /// <param name="delta">The step δ: finite, positive, and large enough to move the points in their dtype.</param>
    /// <returns>A new estimate that owns its two tensors, each of the shape of <paramref name="x"/>; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not finite and positive, vanishes next to the points, or takes them beyond their dtype's range.</exception>
    public static FiniteDifferenceEstimate Evaluate(IScoreModel model, Tensor x, double delta)
    {
        using var gate = TorchGate.Enter();
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        Guard.ThrowIfNotFinitePositive(delta, nameof(delta));
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            ThrowIfDeltaVanishes(delta, x.numel() == 0 ? 0 : x.abs().max().ToDouble(), x.dtype);
        }

        var forward = model.Score(x + delta);
        var backward = model.Score(x - delta);
        var score = (forward + backward) / 2;
        var derivative = (forward - backward) / (2 * delta);
        return new FiniteDifferenceEstimate(score.MoveToOuterDisposeScope(), derivative.MoveToOuterDisposeScope(), delta);
    }

    /// <summary>
    /// Throws when x + δ rounds to x for the largest |x| in the given dtype, so that the difference would be zero, or
    /// when x ± δ or 2δ is beyond the dtype's range, so that the points or the difference quotient would overflow.
    /// </summary>
    internal static void ThrowIfDeltaVanishes(double delta, double largestMagnitude, ScalarType dtype)
    {
        var largest = FloatingRange.Largest(dtype);
        if (!(largestMagnitude + delta <= largest && 2 * delta <= largest))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"The step is too large for {dtype}: x ± δ or 2δ is beyond {largest} at |x| = {largestMagnitude}.");
        }

        var vanishes = dtype == ScalarType.Float32
            ? (float)(largestMagnitude + delta) == (float)largestMagnitude
            : largestMagnitude + delta == largestMagnitude;
        if (vanishes)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"The step is too small for {dtype}: x + δ rounds to x at |x| = {largestMagnitude}.");
        }
    }
}
