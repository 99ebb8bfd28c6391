using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// Sliced score matching (Song et al., 2019) on d-dimensional samples, exact: J(θ) = E_x E_v [vᵀ (∂ψ/∂x) v + ½ (vᵀψ)²],
/// or, variance-reduced, E_x E_v [vᵀ (∂ψ/∂x) v] + ½ ‖ψ‖², with random directions v of E[v vᵀ] = I; the projected
/// derivative comes from one Hessian-vector product, a backward pass that keeps its graph.
/// </summary>
/// <remarks>
/// The reference that <see cref="SlicedFiniteDifferenceScoreMatchingLoss"/> approximates without the second backward
/// pass. Each call to <see cref="ScoreLoss.Compute"/> draws new directions, <see cref="Projections"/> per sample, from
/// the loss's own generator, seeded at construction and living on the model's device.
/// </remarks>
public sealed class SlicedScoreMatchingLoss : ScoreLoss
{
    private readonly PointSet _samples;
    private readonly LossRandomness _randomness;

    /// <summary>Creates the loss.</summary>
    /// <param name="samples">The samples, one per row of an [N, d] array: at least one, all finite.</param>
    /// <param name="directions">The distribution of the directions.</param>
    /// <param name="varianceReduced">Whether to use ½ ‖ψ‖² in place of its estimate ½ (vᵀψ)².</param>
    /// <param name="projections">The number of directions per sample and call; at least 1.</param>
    /// <param name="seed">The seed of the directions' generator.</param>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">No samples, or a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An unknown distribution, or <paramref name="projections"/> below 1.</exception>
    public SlicedScoreMatchingLoss(double[,] samples, ProjectionDistribution directions = ProjectionDistribution.Gaussian, bool varianceReduced = true, int projections = 1, long seed = 0)
    {
        _samples = new PointSet(samples, nameof(samples));
        if (!Enum.IsDefined(directions))
        {
            throw new ArgumentOutOfRangeException(nameof(directions), directions, "Unknown distribution of directions.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(projections, 1);
        Directions = directions;
        VarianceReduced = varianceReduced;
        Projections = projections;
        _randomness = new LossRandomness(seed);
    }

    /// <summary>Gets the distribution of the directions.</summary>
    public ProjectionDistribution Directions { get; }

    /// <summary>Gets a value indicating whether ½ ‖ψ‖² is used in place of ½ (vᵀψ)².</summary>
    public bool VarianceReduced { get; }

    /// <summary>Gets the number of directions per sample and call.</summary>
    public int Projections { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The model takes another number of coordinates than the samples have.</exception>
    protected override Tensor ComputeCore(IScoreModel model)
    {
        _samples.ThrowIfOtherDimension(model);
        var d = _samples.Dimension;
        var points = Matrix(_samples.Points, model);
        var x = (Projections == 1 ? points : points.repeat(Projections, 1)).detach().requires_grad_(true);
        var generator = _randomness.On(model.Device);
        var v = Directions switch
        {
            ProjectionDistribution.Gaussian => randn(x.shape, model.DType, model.Device, generator: generator),
            ProjectionDistribution.Rademacher => (randint(0, 2, x.shape, generator: generator, device: model.Device).to(model.DType) * 2) - 1,
            _ => Sphere(x.shape, model, d, generator),
        };
        var score = model.Score(x);
        var projected = (score * v).sum(1);
        var gradient = autograd.grad([projected.sum()], [x], retain_graph: true, create_graph: true)[0];
        var curvature = (gradient * v).sum(1);
        var square = VarianceReduced ? score.square().sum(1) : projected.square();
        return (curvature + (square / 2)).mean();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _randomness.Dispose();
        }

        base.Dispose(disposing);
    }

    private static Tensor Sphere(long[] shape, IScoreModel model, int d, Generator generator)
    {
        var u = randn(shape, model.DType, model.Device, generator: generator);
        return u * (Math.Sqrt(d) / u.norm(1, keepdim: true));
    }
}
