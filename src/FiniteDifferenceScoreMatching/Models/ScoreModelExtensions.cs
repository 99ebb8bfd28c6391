using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>Conveniences over <see cref="IScoreModel"/> that take and give managed arrays.</summary>
public static class ScoreModelExtensions
{
    /// <summary>Evaluates the model's score at each point, without recording gradients.</summary>
    /// <remarks>
    /// A <see cref="StandardizedScoreModel"/> is evaluated with its points standardised in double precision before they
    /// are converted to its dtype, so that a centre far from zero compared with the scale costs no precision, even in
    /// float32.
    /// </remarks>
    /// <param name="model">The model.</param>
    /// <param name="points">The points; each must be finite.</param>
    /// <returns>A new array with ψ at each point, in double precision.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A point is not finite, or beyond the range of the model's dtype (after standardisation, for a <see cref="StandardizedScoreModel"/>), or there are none.</exception>
    /// <exception cref="InvalidOperationException">The score is not finite at a point: the model's arithmetic overflows its dtype there.</exception>
    public static double[] ScoreAt(this IScoreModel model, IReadOnlyList<double> points)
    {
        ArgumentNullException.ThrowIfNull(model);
        Guard.ThrowIfAnyNotFinite(points, nameof(points));
        if (points.Count == 0)
        {
            throw new ArgumentException("At least one point is needed.", nameof(points));
        }

        if (model is StandardizedScoreModel standardized)
        {
            return standardized.ScoreAtStandardizedInDouble(points);
        }

        var largest = FloatingRange.Largest(model.DType);
        for (var i = 0; i < points.Count; i++)
        {
            if (Math.Abs(points[i]) > largest)
            {
                throw new ArgumentException($"The point at index {i}, {points[i]}, is beyond the largest value a {model.DType} model can take, {largest}.", nameof(points));
            }
        }

        using var gate = TorchGate.Enter();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = TensorFactory.Column(points, model.DType, model.Device);
        var scores = model.Score(x).cpu().to(ScalarType.Float64).data<double>().ToArray();
        for (var i = 0; i < scores.Length; i++)
        {
            if (!double.IsFinite(scores[i]))
            {
                throw new InvalidOperationException($"The model's score at the point at index {i}, {points[i]}, is {scores[i]}: its arithmetic overflows in {model.DType} there.");
            }
        }

        return scores;
    }
}
