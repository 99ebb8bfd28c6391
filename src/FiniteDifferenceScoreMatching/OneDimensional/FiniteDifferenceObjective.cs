using FiniteDifferenceScoreMatching.Losses;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// The finite-difference score matching objective Σᵢ ωᵢ (½ ψ̄ᵢ² + Dψᵢ + λ Dψᵢ²) over an <see cref="Expectation"/>,
/// shared by the grid and the sample versions of the loss and by the curvature-penalised one (λ = 0 but for that one),
/// evaluated with one forward pass and few graph nodes.
/// </summary>
/// <remarks>
/// <para>
/// With y = ψ([x + δ; x − δ]) from one forward pass over the stacked, precomputed points, a = y[..N] and
/// b = y[N..], the objective is Σ ωᵢ (aᵢ + bᵢ)² / 8 + Σ ωᵢ (aᵢ − bᵢ) / 2δ, which is
/// Σ (ω/8) ∘ (a + b)² + Σ w ∘ y with w = [ω / 2δ; −ω / 2δ]. The weights are precomputed too, so an evaluation is
/// the forward pass and nine tensor operations; no tensor for ψ̄ or Dψ is formed. The penalty, when there is one,
/// adds Σ (λω / 4δ²) ∘ (a − b)².
/// </para>
/// <para>The stacked points are computed in double precision, then converted once to the model's dtype.</para>
/// </remarks>
internal sealed class FiniteDifferenceObjective
{
    private readonly int _count;
    private readonly double[] _points;
    private readonly double[] _stacked;
    private readonly double[] _squareWeights;
    private readonly double[] _differenceWeights;
    private readonly double[] _curvatureWeights;
    private readonly double _largestMagnitude;

    public FiniteDifferenceObjective(Expectation expectation, double delta, double curvatureWeight = 0)
    {
        var points = expectation.Points;
        _count = points.Length;
        _points = points;
        _stacked = new double[2 * _count];
        _squareWeights = new double[_count];
        _differenceWeights = new double[2 * _count];
        _curvatureWeights = new double[_count];
        for (var i = 0; i < _count; i++)
        {
            var weight = expectation.Weights?[i] ?? 1.0 / _count;
            _stacked[i] = points[i] + delta;
            _stacked[_count + i] = points[i] - delta;
            _squareWeights[i] = weight / 8;
            _differenceWeights[i] = weight / (2 * delta);
            _differenceWeights[_count + i] = -weight / (2 * delta);
            // Without a penalty the weight is 0 even where δ² underflows, rather than 0 / 0.
            _curvatureWeights[i] = curvatureWeight == 0 ? 0 : curvatureWeight * weight / (4 * delta * delta);
        }

        Delta = delta;
        CurvatureWeight = curvatureWeight;
        IsSampleMean = expectation.Weights is null;
        _largestMagnitude = expectation.LargestMagnitude;
    }

    public double Delta { get; }

    public double CurvatureWeight { get; }

    /// <summary>Gets the N points.</summary>
    public ReadOnlySpan<double> Points => _points;

    /// <summary>Gets a value indicating whether every point has the weight 1/N: a mean over samples, which mini-batches may split.</summary>
    public bool IsSampleMean { get; }

    /// <summary>Gets the number of points N.</summary>
    public int Count => _count;

    /// <summary>Gets the 2N stacked points [x + δ; x − δ].</summary>
    public ReadOnlySpan<double> StackedPoints => _stacked;

    /// <summary>Gets the N weights ω/8 of (ψ(x + δ) + ψ(x − δ))².</summary>
    public ReadOnlySpan<double> SquareWeights => _squareWeights;

    /// <summary>Gets the 2N weights [ω / 2δ; −ω / 2δ] of the stacked scores.</summary>
    public ReadOnlySpan<double> DifferenceWeights => _differenceWeights;

    /// <summary>Gets the N weights λω / 4δ² of (ψ(x + δ) − ψ(x − δ))².</summary>
    public ReadOnlySpan<double> CurvatureWeights => _curvatureWeights;

    /// <summary>Throws when δ vanishes next to the points in <paramref name="dtype"/>.</summary>
    public void ThrowIfDeltaVanishes(ScalarType dtype) => FiniteDifferenceDerivative.ThrowIfDeltaVanishes(Delta, _largestMagnitude, dtype);

    /// <summary>Resolves and checks the step: the given one, or the default rule over the points.</summary>
    public static double ResolveDelta(double? delta, Expectation expectation, string pointsName)
    {
        var resolved = delta ?? FiniteDifferenceDerivative.DefaultDelta(expectation.Points, pointsName);
        Guard.ThrowIfNotFinitePositive(resolved, nameof(delta));
        FiniteDifferenceDerivative.ThrowIfDeltaVanishes(resolved, expectation.LargestMagnitude, ScalarType.Float64);
        return resolved;
    }

    /// <summary>
    /// Evaluates the objective for every member in <paramref name="context"/>; the data tensors are kept by
    /// <paramref name="loss"/>.
    /// </summary>
    /// <returns>A [K] tensor of the members' objectives.</returns>
    /// <remarks>
    /// Over all the points, Y = ψ([x + δ; x − δ]) is [K, 2N] and the weighted sums are products with the weight
    /// columns; over a batch of B points (of a sample mean), the unweighted
    /// (1/B) Σ (a + b)² / 8 + (Σ a − Σ b) / 2δB + (λ / 4δ²B) Σ (a − b)².
    /// </remarks>
    public Tensor Compute(ScoreLoss loss, LossContext context)
    {
        ThrowIfDeltaVanishes(context.DType);
        if (context.Batch is null)
        {
            var y = context.Score(loss.Column(_stacked, context)).squeeze(2);
            var forward = y.narrow(1, 0, _count);
            var backward = y.narrow(1, _count, _count);
            var objective = (forward + backward).square().matmul(loss.Column(_squareWeights, context)) + y.matmul(loss.Column(_differenceWeights, context));
            if (CurvatureWeight != 0)
            {
                objective += (forward - backward).square().matmul(loss.Column(_curvatureWeights, context));
            }

            return objective.squeeze(1);
        }

        var batch = context.Select(loss.Column(_points, context));
        var size = batch.size(0);
        var scores = context.Score(cat([batch + Delta, batch - Delta], 0)).squeeze(2);
        var (a, b) = (scores.narrow(1, 0, size), scores.narrow(1, size, size));
        var value = ((a + b).square().sum(1) / (8.0 * size)) + ((a.sum(1) - b.sum(1)) / (2 * Delta * size));
        return CurvatureWeight == 0 ? value : value + ((a - b).square().sum(1) * (CurvatureWeight / (4 * Delta * Delta * size)));
    }
}
