using FiniteDifferenceScoreMatching.Models;
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
    protected override Tensor ComputeCore(IScoreModel model)
    {
        if (_points is not null)
        {
            return ComputeInDimensions(model, _points);
        }

        var x = Column(_expectation!.Points, model).detach().requires_grad_(true);
        var score = model.Score(x);
        var derivative = autograd.grad([score], [x], [ones_like(score)], retain_graph: true, create_graph: true)[0];
        var weights = _expectation.Weights is null ? null : Column(_expectation.Weights, model);
        return Expectation.Of((0.5 * score.square()) + derivative, weights);
    }

    private Tensor ComputeInDimensions(IScoreModel model, PointSet points)
    {
        points.ThrowIfOtherDimension(model);
        var x = Matrix(points.Points, model).detach().requires_grad_(true);
        var score = model.Score(x);
        var trace = zeros(points.Count, model.DType, model.Device);
        for (var i = 0; i < points.Dimension; i++)
        {
            var component = score.select(1, i);
            var gradient = autograd.grad([component], [x], [ones_like(component)], retain_graph: true, create_graph: true)[0];
            trace = trace + gradient.select(1, i);
        }

        return ((score.square().sum(1) / 2) + trace).mean();
    }
}
