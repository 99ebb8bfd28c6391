using FiniteDifferenceScoreMatching.OneDimensional;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>Conveniences over <see cref="IScoreModel"/> that take and give managed arrays.</summary>
public static class ScoreModelExtensions
{
    /// <summary>Evaluates a one-dimensional model's score at each point, without recording gradients.</summary>
    /// <remarks>
    /// A <see cref="StandardizedScoreModel"/> is evaluated with its points standardised in double precision before they
    /// are converted to its dtype, so that a centre far from zero compared with the scale costs no precision, even in
    /// float32.
    /// </remarks>
    /// <param name="model">The model.</param>
    /// <param name="points">The points; each must be finite.</param>
    /// <returns>A new array with ψ at each point, in double precision.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The model has more than one coordinate, a point is not finite, or beyond the range of the model's dtype (after standardisation, for a <see cref="StandardizedScoreModel"/>), or there are none.</exception>
    /// <exception cref="InvalidOperationException">The score is not finite at a point: the model's arithmetic overflows its dtype there.</exception>
    public static double[] ScoreAt(this IScoreModel model, IReadOnlyList<double> points)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Dimension != 1)
        {
            throw new ArgumentException($"The model takes {model.Dimension} coordinates; pass the points as the rows of an [N, {model.Dimension}] array.", nameof(model));
        }

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

    /// <summary>Evaluates the model's score at each row of <paramref name="points"/>, without recording gradients.</summary>
    /// <param name="model">The model.</param>
    /// <param name="points">N points of the model's d coordinates, as the rows of an [N, d] array; finite.</param>
    /// <returns>A new [N, d] array, row n the score at point n, in double precision.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The array has no row, or not d columns, or a value that is not finite or beyond the range of the model's dtype.</exception>
    /// <exception cref="InvalidOperationException">The score is not finite at a point: the model's arithmetic overflows its dtype there.</exception>
    public static double[,] ScoreAt(this IScoreModel model, double[,] points)
    {
        ArgumentNullException.ThrowIfNull(model);
        Guard.ThrowIfBadPoints(points, nameof(points));
        var (count, dimension) = (points.GetLength(0), points.GetLength(1));
        if (dimension != model.Dimension)
        {
            throw new ArgumentException($"The points have {dimension} coordinates, but the model takes {model.Dimension}.", nameof(points));
        }

        var largest = FloatingRange.Largest(model.DType);
        foreach (var value in points)
        {
            if (Math.Abs(value) > largest)
            {
                throw new ArgumentException($"The value {value} is beyond the largest value a {model.DType} model can take, {largest}.", nameof(points));
            }
        }

        using var gate = TorchGate.Enter();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scores = model.Score(TensorFactory.Matrix(points, model.DType, model.Device)).cpu().to(ScalarType.Float64).data<double>().ToArray();
        var result = new double[count, dimension];
        for (var k = 0; k < scores.Length; k++)
        {
            if (!double.IsFinite(scores[k]))
            {
                throw new InvalidOperationException($"The model's score at point {k / dimension} is {scores[k]} in coordinate {k % dimension}: its arithmetic overflows in {model.DType} there.");
            }
        }

        Buffer.BlockCopy(scores, 0, result, 0, scores.Length * sizeof(double));
        return result;
    }
}
