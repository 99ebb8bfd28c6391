using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// The finite-difference score matching integrand ½ ψ̄² + Dψ averaged over an <see cref="Expectation"/>, shared by
/// the grid and the sample versions of the loss.
/// </summary>
internal static class FiniteDifferenceObjective
{
    /// <summary>Resolves and checks the step: the given one, or the default rule over the points.</summary>
    public static double ResolveDelta(double? delta, Expectation expectation, string pointsName)
    {
        var resolved = delta ?? FiniteDifferenceDivergence.DefaultDelta(expectation.Points, pointsName);
        Guard.ThrowIfNotFinitePositive(resolved, nameof(delta));
        FiniteDifferenceDivergence.ThrowIfDeltaVanishes(resolved, expectation.LargestMagnitude, ScalarType.Float64);
        return resolved;
    }

    /// <summary>Evaluates the objective; the tensors are the loss's cached columns.</summary>
    public static Tensor Compute(IScoreModel model, Tensor points, Tensor? weights, double delta, double largestMagnitude)
    {
        FiniteDifferenceDivergence.ThrowIfDeltaVanishes(delta, largestMagnitude, model.DType);
        using var estimate = FiniteDifferenceDivergence.EvaluateChecked(model, points, delta);
        return Expectation.Of((0.5 * estimate.Score.square()) + estimate.Divergence, weights);
    }
}
