using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// Sliced score matching (Song et al., 2019) on d-dimensional samples, exact: J(θ) = E_x E_v [vᵀ (∂ψ/∂x) v + ½ (vᵀψ)²],
/// or, variance-reduced, E_x E_v [vᵀ (∂ψ/∂x) v] + ½ ‖ψ‖², with random directions v of E[v vᵀ] = I; the projected
/// derivative comes from one Hessian-vector product, a backward pass that keeps its graph.
/// </summary>
/// <remarks>
/// The reference that <see cref="SlicedFiniteDifferenceScoreMatchingLoss"/> approximates without the second backward
/// pass. Each evaluation draws new directions, <see cref="Projections"/> per sample, from the step's generator.
/// </remarks>
public sealed class SlicedScoreMatchingLoss : ScoreLoss
{
    private readonly PointSet _samples;

    /// <summary>Creates the loss.</summary>
    /// <param name="samples">The samples, one per row of an [N, d] array: at least one, all finite.</param>
    /// <param name="directions">The distribution of the directions.</param>
    /// <param name="varianceReduced">Whether to use ½ ‖ψ‖² in place of its estimate ½ (vᵀψ)².</param>
    /// <param name="projections">The number of directions per sample and call; at least 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">No samples, or a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An unknown distribution, or <paramref name="projections"/> below 1.</exception>
    public SlicedScoreMatchingLoss(double[,] samples, ProjectionDistribution directions = ProjectionDistribution.Gaussian, bool varianceReduced = true, int projections = 1)
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
    }

    /// <summary>Gets the distribution of the directions.</summary>
    public ProjectionDistribution Directions { get; }

    /// <summary>Gets a value indicating whether ½ ‖ψ‖² is used in place of ½ (vᵀψ)².</summary>
    public bool VarianceReduced { get; }

    /// <summary>Gets the number of directions per sample and call.</summary>
    public int Projections { get; }

    /// <inheritdoc />
    public override int? SampleCount => _samples.Count;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The model takes another number of coordinates than the samples have.</exception>
    protected override Tensor ComputeCore(LossContext context)
    {
        _samples.ThrowIfOtherDimension(context.Model);
        var d = _samples.Dimension;
        var points = context.Select(Matrix(_samples.Points, context));
        var x = (Projections == 1 ? points : points.repeat(Projections, 1)).detach().requires_grad_(true);
        var generator = RandomSource(context);
        var v = Directions switch
        {
            ProjectionDistribution.Gaussian => randn(x.shape, context.DType, context.Device, generator: generator),
            ProjectionDistribution.Rademacher => (randint(0, 2, x.shape, generator: generator, device: context.Device).to(context.DType) * 2) - 1,
            _ => Sphere(x.shape, context, d, generator),
        };
        var score = context.Score(x);
        var projected = (score * v).sum(2);

        // vᵀ (∂ψ/∂x) v from the gradient of vᵀψ in x, one Hessian-vector product per member: the gradient of a sum over
        // members would mix them.
        var curvature = stack(
            Enumerable.Range(0, context.Members)
                .Select(k => (autograd.grad([projected[k].sum()], [x], retain_graph: true, create_graph: true)[0] * v).sum(1))
                .ToArray(),
            0);
        var square = VarianceReduced ? score.square().sum(2) : projected.square();
        return (curvature + (square / 2)).mean([1]);
    }

    private static Tensor Sphere(long[] shape, LossContext context, int d, Generator generator)
    {
        var u = randn(shape, context.DType, context.Device, generator: generator);
        return u * (Math.Sqrt(d) / u.norm(1, keepdim: true));
    }
}
