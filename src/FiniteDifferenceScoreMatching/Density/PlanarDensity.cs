namespace FiniteDifferenceScoreMatching.Density;

/// <summary>
/// A density in the plane recovered from a score field on a <see cref="PlanarGrid"/> by
/// <see cref="ScoreFieldDensity.Recover(PlanarGrid, double[,])"/>: its values at the nodes, the potential they come from,
/// the curl of the field, and how much of the field no potential explains.
/// </summary>
/// <remarks>
/// Every array is [<see cref="PlanarGrid.XCount"/>, <see cref="PlanarGrid.YCount"/>], indexed [i, j] like the grid's
/// nodes. The array properties return a new copy on each get, so that no caller can change the density; read one into
/// a local rather than indexing the property in a loop. Instances are immutable and safe to use from several threads.
/// </remarks>
public sealed class PlanarDensity
{
    private readonly double[,] _values;
    private readonly double[,] _potential;
    private readonly double[,] _curl;

    /// <summary>Wraps the arrays of a recovery, which the instance then owns.</summary>
    internal PlanarDensity(PlanarGrid grid, double[,] values, double[,] potential, double[,] curl, double residualFraction)
    {
        Grid = grid;
        _values = values;
        _potential = potential;
        _curl = curl;
        ResidualFraction = residualFraction;
    }

    /// <summary>Gets the grid the density is given on.</summary>
    public PlanarGrid Grid { get; }

    /// <summary>Gets the density at the nodes, exp(φ) normalised so that its trapezoid-rule integral over the grid is 1.</summary>
    /// <value>A new [XCount, YCount] array on each get; finite and not negative.</value>
    public double[,] Values => (double[,])_values.Clone();

    /// <summary>Gets the potential φ at the nodes, the unnormalised log-density whose discrete gradient fits the score field best, shifted so that its largest value is 0.</summary>
    /// <value>A new [XCount, YCount] array on each get; finite, at most 0.</value>
    public double[,] Potential => (double[,])_potential.Clone();

    /// <summary>
    /// Gets the curl of the score field at the nodes, ∂s_y/∂x − ∂s_x/∂y, by central differences inside the grid and
    /// second-order one-sided differences on its edges. A gradient field has none; a rotation ω (−y, x) has 2ω everywhere.
    /// </summary>
    /// <value>A new [XCount, YCount] array on each get; finite.</value>
    public double[,] Curl => (double[,])_curl.Clone();

    /// <summary>
    /// Gets the share of the score field that no potential explains: ‖s − ∇φ‖ / ‖s‖ over the grid's edges, with s on an
    /// edge the mean of the field at its two ends and ∇φ the difference of the potential across it over the step.
    /// </summary>
    /// <value>
    /// Between 0 and 1: near 0 for a gradient field (the trapezoid rule's error, of order step²), larger as the field
    /// turns; 0 when the field's edge means all vanish.
    /// </value>
    public double ResidualFraction { get; }

    /// <summary>Evaluates the density at (<paramref name="x"/>, <paramref name="y"/>) by bilinear interpolation between the nodes.</summary>
    /// <param name="x">The first coordinate; not NaN.</param>
    /// <param name="y">The second coordinate; not NaN.</param>
    /// <returns>The interpolated density, the node's value at a node; 0 outside the grid.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> or <paramref name="y"/> is NaN.</exception>
    public double Density(double x, double y)
    {
        if (double.IsNaN(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "The point must not be NaN.");
        }

        if (double.IsNaN(y))
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, "The point must not be NaN.");
        }

        var alongX = PlanarGrid.Locate(Grid.XNodes, x);
        var alongY = PlanarGrid.Locate(Grid.YNodes, y);
        if (alongX is null || alongY is null)
        {
            return 0;
        }

        var (i, fx) = alongX.Value;
        var (j, fy) = alongY.Value;

        var below = ((1 - fx) * _values[i, j]) + (fx * _values[i + 1, j]);
        var above = ((1 - fx) * _values[i, j + 1]) + (fx * _values[i + 1, j + 1]);
        return ((1 - fy) * below) + (fy * above);
    }

    /// <summary>Computes the L¹ distance ∫ |p − q| over the grid between this density p and <paramref name="density"/> q.</summary>
    /// <param name="density">q(x, y), evaluated at every node; finite and not negative there.</param>
    /// <returns>The trapezoid-rule estimate of ∫ |p − q| dx dy over the grid: 0 when q is p at the nodes, at most 2 for two densities normalised on the grid.</returns>
    /// <remarks>The integral covers the grid only, so the grid should span the region where both densities are not negligible.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="density"/> is null.</exception>
    /// <exception cref="ArgumentException">q is not finite, or negative, at a node; the message names the node.</exception>
    public double L1Distance(Func<double, double, double> density)
    {
        ArgumentNullException.ThrowIfNull(density);
        var difference = new double[Grid.XCount, Grid.YCount];
        for (var i = 0; i < Grid.XCount; i++)
        {
            for (var j = 0; j < Grid.YCount; j++)
            {
                var (x, y) = (Grid.XNodes[i], Grid.YNodes[j]);
                var q = density(x, y);
                if (!double.IsFinite(q) || q < 0)
                {
                    throw new ArgumentException($"A density must be finite and not negative, but at node ({i}, {j}), ({x}, {y}), it is {q}.", nameof(density));
                }

                difference[i, j] = Math.Abs(_values[i, j] - q);
            }
        }

        return Grid.Integrate(difference);
    }
}
