using FiniteDifferenceScoreMatching.OneDimensional;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// Exact implicit score matching, J_ISM(θ) = E[½ ψ(x; θ)² + ∂ψ/∂x(x; θ)], with the derivative in x taken by
/// automatic differentiation and kept differentiable in θ (a double backward pass).
/// </summary>
/// <remarks>
/// The reference that the finite-difference losses approximate. The expectation is the empirical mean over samples,
/// or the density-weighted trapezoid rule over a grid. It costs a second backward pass through the network at every
/// step, which the finite-difference losses avoid.
/// </remarks>
public sealed class ImplicitScoreMatchingLoss : ScoreLoss
{
    private readonly Expectation? _expectation;
    private readonly PointSet? _points;

    /// <summary>Creates the empirical loss over samples.</summary>
    /// <param name="samples">The samples: at least one, all finite.</param>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">No samples, or a sample that is not finite.</exception>
    public ImplicitScoreMatchingLoss(IReadOnlyList<double> samples)
    {
        _expectation = Expectation.OverSamples(samples, nameof(samples));
    }

    /// <summary>
    /// Creates the empirical loss over d-dimensional samples, E[½ ‖ψ‖² + tr ∂ψ/∂x], with the trace from d backward
    /// passes that keep their graph.
    /// </summary>
    /// <param name="samples">The samples, one per row of an [N, d] array: at least one, all finite.</param>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">No samples, or a value that is not finite.</exception>
    public ImplicitScoreMatchingLoss(double[,] samples)
    {
        _points = new PointSet(samples, nameof(samples));
    }

    /// <summary>Creates the loss weighted by a tabulated density on a grid.</summary>
    /// <param name="target">The grid and density (the true score is not used).</param>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public ImplicitScoreMatchingLoss(GridTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _expectation = Expectation.UnderDensity(target);
    }

    /// <inheritdoc />
    public override int? SampleCount => _points?.Count ?? (_expectation!.Weights is null ? _expectation.Points.Length : null);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The model takes another number of coordinates than the samples have.</exception>
    protected override Tensor ComputeCore(LossContext context)
    {
        _points?.ThrowIfOtherDimension(context.Model);
        var all = _points is null ? Column(_expectation!.Points, context) : Matrix(_points.Points, context);
        var x = context.Select(all).detach().requires_grad_(true);
        var score = context.Score(x);

        // The trace of ∂ψ/∂x, one backward pass per member and coordinate, each keeping its graph for the step's own
        // backward pass: the gradient of a sum over members or coordinates would mix them.
        var d = x.size(1);
        var trace = stack(
            Enumerable.Range(0, context.Members).Select(k =>
                Enumerable.Range(0, (int)d)
                    .Select(i => autograd.grad([score[k].select(1, i).sum()], [x], retain_graph: true, create_graph: true)[0].select(1, i))
                    .Aggregate((sum, term) => sum + term)).ToArray(),
            0);
        var values = (score.square().sum(2) / 2) + trace;
        return _expectation?.Weights is { } weights ? values.matmul(Column(weights, context)).squeeze(1) : values.mean([1]);
    }
}
