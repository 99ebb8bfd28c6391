using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Density;

/// <summary>
/// Recovers a density in the plane from a score field s ≈ ∇ log p given at the nodes of a <see cref="PlanarGrid"/>:
/// the potential φ whose discrete gradient is closest to the field in least squares, then p = exp(φ) normalised.
/// </summary>
/// <remarks>
/// <para>
/// On a horizontal edge, from node (i, j) to (i + 1, j), the field's mean gₓ = (sₓ[i, j] + sₓ[i + 1, j]) / 2 is the
/// trapezoid rule's slope of log p along it, and likewise g_y on a vertical edge. φ minimises
/// Σ ((φ[i + 1, j] − φ[i, j]) / hₓ − gₓ)² + Σ ((φ[i, j + 1] − φ[i, j]) / h_y − g_y)² over all edges. Its normal equations
/// are the five-point Laplacian with natural (Neumann) boundary conditions, −Δφ = −div g, which the discrete cosine
/// transform (DCT-II) in each direction diagonalises: the solve is exact, up to round-off, in four dense matrix
/// products. For a gradient field φ is the trapezoid-rule integral of the score along any path of edges; for any other,
/// it is the gradient part of the field's discrete Helmholtz decomposition, and what is left over is measured by
/// <see cref="PlanarDensity.ResidualFraction"/>.
/// </para>
/// <para>
/// The constant φ leaves free is fixed by max φ = 0, and the density is exp(φ) divided by its trapezoid-rule integral
/// over the grid, so the grid should span the region where the density is not negligible. docs/densities.md gives the
/// derivation and the figures measured on the original 2-D mixture.
/// </para>
/// </remarks>
public static class ScoreFieldDensity
{
    /// <summary>The number of nodes a model scores at a time, so that its intermediate tensors stay small.</summary>
    private const int BatchSize = 16_384;

    /// <summary>The largest ratio of the steps in the two directions; its square and that of its reciprocal stay normal doubles.</summary>
    private const double MaxAspectRatio = 1e150;

    /// <summary>The weights, over the step, of the forward difference (−3f₀ + 4f₁ − f₂) / 2h.</summary>
    private static readonly double[] ForwardWeights = [-1.5, 2, -0.5];

    /// <summary>The weights, over the step, of the backward difference (f₋₂ − 4f₋₁ + 3f₀) / 2h.</summary>
    private static readonly double[] BackwardWeights = [0.5, -2, 1.5];

    /// <summary>The weights, over the step, of the central difference (f₁ − f₋₁) / 2h.</summary>
    private static readonly double[] CentralWeights = [-0.5, 0, 0.5];

    /// <summary>Recovers the density whose score best matches <paramref name="scores"/> at the nodes of <paramref name="grid"/>.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="scores">
    /// The field at the nodes as an [XCount · YCount, 2] array aligned with <see cref="PlanarGrid.Points"/>: row
    /// i · YCount + j holds (sₓ, s_y) at node (i, j). Finite.
    /// </param>
    /// <returns>The density, its potential, the field's curl and the share of the field no potential explains.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="scores"/> is not [XCount · YCount, 2] or holds a value that is not finite, or its potential or curl
    /// exceeds what a double holds; or the grid's steps differ by more than a factor of 10¹⁵⁰, or the density on its cells
    /// is beyond double precision (cells so small that it overflows, or so large that it underflows to zero).
    /// </exception>
    public static PlanarDensity Recover(PlanarGrid grid, double[,] scores)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(scores);
        var nodes = grid.XCount * grid.YCount;
        if (scores.GetLength(0) != nodes || scores.GetLength(1) != 2)
        {
            throw new ArgumentException($"Expected the field at each of the {grid.XCount} × {grid.YCount} nodes as an [{nodes}, 2] array aligned with grid.Points(), but got [{scores.GetLength(0)}, {scores.GetLength(1)}].", nameof(scores));
        }

        for (var row = 0; row < nodes; row++)
        {
            for (var c = 0; c < 2; c++)
            {
                if (!double.IsFinite(scores[row, c]))
                {
                    throw new ArgumentException($"Every score must be finite, but coordinate {c} at node ({row / grid.YCount}, {row % grid.YCount}) (row {row}) is {scores[row, c]}.", nameof(scores));
                }
            }
        }

        return FromField(grid, scores, nameof(scores));
    }

    /// <summary>
    /// Recovers the density whose score best matches <paramref name="model"/>'s at the nodes of <paramref name="grid"/>:
    /// the model is evaluated at <see cref="PlanarGrid.Points"/> in batches, without recording gradients, and the
    /// field handed to <see cref="Recover(PlanarGrid, double[,])"/>.
    /// </summary>
    /// <param name="model">A score model of 2 coordinates and one member; not disposed.</param>
    /// <param name="grid">The grid.</param>
    /// <returns>The density, its potential, the field's curl and the share of the field no potential explains.</returns>
    /// <remarks>Each batch runs in a dispose scope of its own, so the call leaves no tensor behind.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// The model does not take 2 coordinates or has more than one member, the grid reaches beyond the range of the model's
    /// dtype, the field's potential or curl exceeds what a double holds, the grid's steps differ by more than a factor of
    /// 10¹⁵⁰, or the density on the grid's cells is beyond double precision.
    /// </exception>
    /// <exception cref="InvalidOperationException">The model's score has another shape than its input, or is not finite at a node.</exception>
    public static PlanarDensity Recover(IScoreModel model, PlanarGrid grid)
    {
        ThrowIfUnusable(model, grid);
        return FromField(grid, ScoresAtNodes(model, grid), nameof(model));
    }

    private static void ThrowIfUnusable(IScoreModel model, PlanarGrid grid)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(grid);
        if (model.Dimension != 2)
        {
            throw new ArgumentException($"A field in the plane needs a model of 2 coordinates, but this one takes {model.Dimension}.", nameof(model));
        }

        if (model.Members != 1)
        {
            throw new ArgumentException($"A density comes from one score model; this one has {model.Members} members.", nameof(model));
        }

        var largest = FloatingRange.Largest(model.DType);
        var reach = Math.Max(Math.Max(Math.Abs(grid.XMin), Math.Abs(grid.XMax)), Math.Max(Math.Abs(grid.YMin), Math.Abs(grid.YMax)));
        if (reach > largest)
        {
            throw new ArgumentException($"The grid reaches {reach}, beyond the largest value a {model.DType} model can take, {largest}.", nameof(grid));
        }
    }

    /// <summary>
    /// Recovers a density from <paramref name="model"/>'s score where there are samples, and from the samples' kernel
    /// estimate where there are none: the field solved for is λ ψ + (1 − λ) ∇ log p̂ at each node, with p̂ the
    /// <see cref="GaussianKernelDensity"/> of <paramref name="samples"/> (Scott's rule) and
    /// λ = p̂ / (p̂ + <paramref name="supportLevel"/> · max p̂), the maximum over the grid's nodes.
    /// </summary>
    /// <param name="model">A score model of 2 coordinates and one member; not disposed.</param>
    /// <param name="grid">The grid.</param>
    /// <param name="samples">The samples the model was trained on, [n, 2]; at least 3, finite, not on a line.</param>
    /// <param name="supportLevel">The kernel estimate's density, relative to its largest on the grid, at which the model and the estimate are trusted equally; in (0, 1].</param>
    /// <returns>The density, its potential, the blended field's curl and the share of it that no potential explains.</returns>
    /// <remarks>
    /// A trained score is only learned where the samples are: beyond them its field can point anywhere, often outwards,
    /// and because the density is exp(φ), such a region would take most of the mass. Minimising the blended field's
    /// misfit is the least-squares problem with the model's field weighted by λ and the estimate's by 1 − λ, so the model
    /// shapes the density where the samples are, and the estimate's tails, which fall like a Gaussian's, close it
    /// beyond them. docs/densities.md gives what this measured on models trained on the original 2-D mixture.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Recover(IScoreModel, PlanarGrid)"/>, or the samples are not [n, 2] with a kernel estimate (see <see cref="GaussianKernelDensity"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="supportLevel"/> is not in (0, 1].</exception>
    /// <exception cref="InvalidOperationException">The model's score has another shape than its input, or is not finite at a node.</exception>
    public static PlanarDensity Recover(IScoreModel model, PlanarGrid grid, double[,] samples, double supportLevel = 0.01)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (!(supportLevel > 0 && supportLevel <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(supportLevel), supportLevel, "The support level must be in (0, 1].");
        }

        if (samples.GetLength(1) != 2)
        {
            throw new ArgumentException($"The samples must have 2 columns, one per coordinate, but have {samples.GetLength(1)}.", nameof(samples));
        }

        var estimate = new GaussianKernelDensity(samples);
        ThrowIfUnusable(model, grid);
        var field = ScoresAtNodes(model, grid);
        var points = grid.Points();
        var density = estimate.Density(points);
        var tails = estimate.Score(points);
        var level = supportLevel * density.Max();
        for (var node = 0; node < density.Length; node++)
        {
            var trust = density[node] / (density[node] + level);
            for (var c = 0; c < 2; c++)
            {
                field[node, c] = (trust * field[node, c]) + ((1 - trust) * tails[node, c]);
            }
        }

        return FromField(grid, field, nameof(model));
    }

    /// <summary>The model's score at every node, [XCount · YCount, 2], in batches under the library's TorchSharp lock, which the solve after it does not need.</summary>
    private static double[,] ScoresAtNodes(IScoreModel model, PlanarGrid grid)
    {
        var points = grid.Points();
        var nodes = points.GetLength(0);
        var scores = new double[nodes, 2];
        using var gate = TorchGate.Enter();
        for (var start = 0; start < nodes; start += BatchSize)
        {
            var count = Math.Min(BatchSize, nodes - start);
            var batch = new double[count * 2];
            Buffer.BlockCopy(points, start * 2 * sizeof(double), batch, 0, batch.Length * sizeof(double));
            double[] values;
            using (NewDisposeScope())
            using (no_grad())
            {
                var x = tensor(batch, [count, 2], ScalarType.Float64).to(model.DType, model.Device);
                var score = model.Score(x);
                if (score.dim() != 2 || score.size(0) != count || score.size(1) != 2)
                {
                    throw new InvalidOperationException($"The model's score of [{count}, 2] points has shape [{string.Join(", ", score.shape)}]; a score model must keep its input's shape.");
                }

                values = score.to(ScalarType.Float64, CPU).contiguous().data<double>().ToArray();
            }

            for (var k = 0; k < values.Length; k++)
            {
                if (!double.IsFinite(values[k]))
                {
                    var row = start + (k / 2);
                    throw new InvalidOperationException($"The model's score at node ({row / grid.YCount}, {row % grid.YCount}), ({points[row, 0]}, {points[row, 1]}), is {values[k]} in coordinate {k % 2}: its arithmetic overflows in {model.DType} there.");
                }
            }

            Buffer.BlockCopy(values, 0, scores, start * 2 * sizeof(double), values.Length * sizeof(double));
            TorchGate.Yield();
        }

        return scores;
    }

    /// <summary>The recovery proper, on a field already checked: finite, one row per node.</summary>
    private static PlanarDensity FromField(PlanarGrid grid, double[,] scores, string parameterName)
    {
        var (nx, ny) = (grid.XCount, grid.YCount);

        // The field in units of its largest magnitude m, so that sums and differences of scores near the largest double
        // cannot overflow; the potential is scaled back at the end.
        var m = 0.0;
        foreach (var value in scores)
        {
            m = Math.Max(m, Math.Abs(value));
        }

        var sx = new double[nx, ny];
        var sy = new double[nx, ny];
        for (var i = 0; i < nx; i++)
        {
            for (var j = 0; j < ny; j++)
            {
                var row = (i * ny) + j;
                (sx[i, j], sy[i, j]) = m > 0 ? (scores[row, 0] / m, scores[row, 1] / m) : (0, 0);
            }
        }

        var (gx, gy) = EdgeMeans(sx, sy);

        // The normal equations multiplied by hₓ h_y / h², h = max(hₓ, h_y), a = hₓ / h, b = h_y / h:
        // (b² Lₓ + a² L_y) ψ = a b² Dₓᵀgₓ + a² b D_yᵀg_y with φ = m h ψ, every factor at most 1.
        var (hx, hy) = (grid.XStep, grid.YStep);
        var h = Math.Max(hx, hy);
        var (a, b) = (hx / h, hy / h);
        if (Math.Min(a, b) < 1 / MaxAspectRatio)
        {
            throw new ArgumentException($"The grid's steps, {hx} along x and {hy} along y, differ by more than a factor of {MaxAspectRatio:G}: the squares of their ratio, which weigh the two directions against each other, are beyond double precision.", nameof(grid));
        }

        var rightSide = new double[nx, ny];
        for (var i = 0; i < nx; i++)
        {
            for (var j = 0; j < ny; j++)
            {
                var divergenceX = (i > 0 ? gx[i - 1, j] : 0) - (i < nx - 1 ? gx[i, j] : 0);
                var divergenceY = (j > 0 ? gy[i, j - 1] : 0) - (j < ny - 1 ? gy[i, j] : 0);
                rightSide[i, j] = (a * b * b * divergenceX) + (a * a * b * divergenceY);
            }
        }

        var psi = NeumannPoisson.Solve(rightSide, b * b, a * a);
        var residualFraction = ResidualFraction(psi, gx, gy, a, b);

        var potential = new double[nx, ny];
        var highest = double.NegativeInfinity;
        for (var i = 0; i < nx; i++)
        {
            for (var j = 0; j < ny; j++)
            {
                potential[i, j] = psi[i, j] * h * m;
                if (!double.IsFinite(potential[i, j]))
                {
                    throw new ArgumentException($"The field's potential at node ({i}, {j}) is {potential[i, j]}: the scores, up to {m}, over a grid {grid.XMax - grid.XMin} × {grid.YMax - grid.YMin} wide, give a log-density beyond what a double holds.", parameterName);
                }

                highest = Math.Max(highest, potential[i, j]);
            }
        }

        for (var i = 0; i < nx; i++)
        {
            for (var j = 0; j < ny; j++)
            {
                potential[i, j] -= highest;
                if (!double.IsFinite(potential[i, j]))
                {
                    throw new ArgumentException($"The field's potential spans more than a double holds: at node ({i}, {j}) it lies more than {double.MaxValue} below its maximum.", parameterName);
                }
            }
        }

        var values = Normalise(grid, potential);
        var curl = Curl(sx, sy, hx, hy, m, parameterName);
        return new PlanarDensity(grid, values, potential, curl, residualFraction);
    }

    /// <summary>The field's mean on every horizontal edge, [nx − 1, ny], and on every vertical edge, [nx, ny − 1].</summary>
    private static (double[,] X, double[,] Y) EdgeMeans(double[,] sx, double[,] sy)
    {
        var (nx, ny) = (sx.GetLength(0), sx.GetLength(1));
        var gx = new double[nx - 1, ny];
        var gy = new double[nx, ny - 1];
        for (var i = 0; i < nx; i++)
        {
            for (var j = 0; j < ny; j++)
            {
                if (i < nx - 1)
                {
                    gx[i, j] = 0.5 * (sx[i, j] + sx[i + 1, j]);
                }

                if (j < ny - 1)
                {
                    gy[i, j] = 0.5 * (sy[i, j] + sy[i, j + 1]);
                }
            }
        }

        return (gx, gy);
    }

    /// <summary>
    /// ‖g − ∇φ‖ / ‖g‖ over the edges, in the scaled units of <see cref="FromField"/>: there the slope of φ = m h ψ across a
    /// horizontal edge, over m, is Δψ / a, and across a vertical one Δψ / b.
    /// </summary>
    private static double ResidualFraction(double[,] psi, double[,] gx, double[,] gy, double a, double b)
    {
        var (nx, ny) = (psi.GetLength(0), psi.GetLength(1));
        var (residual, field) = (0.0, 0.0);
        for (var i = 0; i < nx; i++)
        {
            for (var j = 0; j < ny; j++)
            {
                if (i < nx - 1)
                {
                    var difference = ((psi[i + 1, j] - psi[i, j]) / a) - gx[i, j];
                    residual += difference * difference;
                    field += gx[i, j] * gx[i, j];
                }

                if (j < ny - 1)
                {
                    var difference = ((psi[i, j + 1] - psi[i, j]) / b) - gy[i, j];
                    residual += difference * difference;
                    field += gy[i, j] * gy[i, j];
                }
            }
        }

        // φ = 0 is a candidate, so the least-squares residual is at most the field; round-off aside, the ratio is at most 1.
        return field > 0 ? Math.Min(1, Math.Sqrt(residual / field)) : 0;
    }

    /// <summary>exp(φ) over its trapezoid-rule integral, computed in logarithms so that small or large cells cost no range.</summary>
    private static double[,] Normalise(PlanarGrid grid, double[,] potential)
    {
        var (nx, ny) = (grid.XCount, grid.YCount);
        var unnormalised = new double[nx, ny];
        for (var i = 0; i < nx; i++)
        {
            for (var j = 0; j < ny; j++)
            {
                unnormalised[i, j] = Math.Exp(potential[i, j]);
            }
        }

        // The sum in units of the cell area is at least ¼, a corner's weight at the node where φ = 0.
        var sum = grid.TrapezoidSum(unnormalised);
        var logNormaliser = Math.Log(sum) + Math.Log(grid.XStep) + Math.Log(grid.YStep);
        var values = new double[nx, ny];
        var largest = 0.0;
        for (var i = 0; i < nx; i++)
        {
            for (var j = 0; j < ny; j++)
            {
                values[i, j] = Math.Exp(potential[i, j] - logNormaliser);
                largest = Math.Max(largest, values[i, j]);
            }
        }

        if (!double.IsFinite(largest) || largest == 0)
        {
            throw new ArgumentException($"The density on cells of {grid.XStep} × {grid.YStep} is beyond double precision: its largest value would be exp({-logNormaliser}).", nameof(grid));
        }

        return values;
    }

    /// <summary>
    /// ∂s_y/∂x − ∂s_x/∂y at every node from the scaled field (s / m): central differences inside, the second-order
    /// one-sided formula (∓3f₀ ± 4f₁ ∓ f₂) / 2h on the edges, which a grid of at least 3 nodes a side allows.
    /// </summary>
    private static double[,] Curl(double[,] sx, double[,] sy, double hx, double hy, double m, string parameterName)
    {
        var (nx, ny) = (sx.GetLength(0), sx.GetLength(1));
        var curl = new double[nx, ny];
        for (var i = 0; i < nx; i++)
        {
            var (xFirst, xWeights) = Stencil(i, nx);
            for (var j = 0; j < ny; j++)
            {
                var (yFirst, yWeights) = Stencil(j, ny);
                var (alongX, alongY) = (0.0, 0.0);
                for (var k = 0; k < 3; k++)
                {
                    alongX += xWeights[k] * sy[xFirst + k, j];
                    alongY += yWeights[k] * sx[i, yFirst + k];
                }

                curl[i, j] = ((alongX / hx) - (alongY / hy)) * m;
                if (!double.IsFinite(curl[i, j]))
                {
                    throw new ArgumentException($"The field's curl at node ({i}, {j}) is {curl[i, j]}: the scores, up to {m}, change faster over steps of {hx} × {hy} than a double holds.", parameterName);
                }
            }
        }

        return curl;
    }

    /// <summary>The first of three nodes and their weights, times the step, in the derivative at node <paramref name="k"/> of <paramref name="count"/>.</summary>
    private static (int First, double[] Weights) Stencil(int k, int count) =>
        k == 0 ? (0, ForwardWeights)
        : k == count - 1 ? (count - 3, BackwardWeights)
        : (k - 1, CentralWeights);
}
