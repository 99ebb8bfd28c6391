namespace FiniteDifferenceScoreMatching.Density;

/// <summary>
/// A rectangular grid of nodes in the plane, evenly spaced in each coordinate, both ends included: the layout on which
/// <see cref="ScoreFieldDensity"/> recovers a density from a score field.
/// </summary>
/// <remarks>
/// Node (i, j) is (<see cref="X"/>(i), <see cref="Y"/>(j)), with <c>X(i) = XMin + i · XStep</c> except the last, which is
/// exactly <see cref="XMax"/> (and likewise in y). Every array of values on the grid in this namespace is
/// [<see cref="XCount"/>, <see cref="YCount"/>], indexed [i, j]. Instances are immutable and safe to use from several threads.
/// </remarks>
public sealed class PlanarGrid
{
    private const double SmallestNormal = 2.2250738585072014e-308;

    private readonly double[] _x;
    private readonly double[] _y;

    /// <summary>Creates a grid of <paramref name="xCount"/> × <paramref name="yCount"/> nodes over [<paramref name="xMin"/>, <paramref name="xMax"/>] × [<paramref name="yMin"/>, <paramref name="yMax"/>].</summary>
    /// <param name="xMin">The smallest x; finite.</param>
    /// <param name="xMax">The largest x; finite and greater than <paramref name="xMin"/>.</param>
    /// <param name="yMin">The smallest y; finite.</param>
    /// <param name="yMax">The largest y; finite and greater than <paramref name="yMin"/>.</param>
    /// <param name="xCount">The number of nodes along x; at least 3.</param>
    /// <param name="yCount">The number of nodes along y; at least 3.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An end is not finite, a range is empty or wider than a double holds, a count is below 3, the nodes are too
    /// close together for double precision to keep them strictly ascending or closer than the smallest normal double,
    /// or there are more nodes than an array of their coordinates can hold.
    /// </exception>
    public PlanarGrid(double xMin, double xMax, double yMin, double yMax, int xCount, int yCount)
    {
        _x = Axis(xMin, xMax, xCount, nameof(xMin), nameof(xMax), nameof(xCount));
        _y = Axis(yMin, yMax, yCount, nameof(yMin), nameof(yMax), nameof(yCount));

        // Points() returns two coordinates per node in one array.
        if ((long)xCount * yCount > Array.MaxLength / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(yCount), yCount, $"A grid of {xCount} × {yCount} nodes has more nodes than an array of their coordinates can hold ({Array.MaxLength / 2}).");
        }

        (XMin, XMax, XCount, XStep) = (xMin, xMax, xCount, (xMax - xMin) / (xCount - 1));
        (YMin, YMax, YCount, YStep) = (yMin, yMax, yCount, (yMax - yMin) / (yCount - 1));
    }

    /// <summary>Gets the smallest x, that of the nodes (0, j).</summary>
    public double XMin { get; }

    /// <summary>Gets the largest x, that of the nodes (<see cref="XCount"/> − 1, j).</summary>
    public double XMax { get; }

    /// <summary>Gets the smallest y, that of the nodes (i, 0).</summary>
    public double YMin { get; }

    /// <summary>Gets the largest y, that of the nodes (i, <see cref="YCount"/> − 1).</summary>
    public double YMax { get; }

    /// <summary>Gets the number of nodes along x.</summary>
    public int XCount { get; }

    /// <summary>Gets the number of nodes along y.</summary>
    public int YCount { get; }

    /// <summary>Gets the distance between neighbouring nodes along x, (<see cref="XMax"/> − <see cref="XMin"/>) / (<see cref="XCount"/> − 1).</summary>
    public double XStep { get; }

    /// <summary>Gets the distance between neighbouring nodes along y, (<see cref="YMax"/> − <see cref="YMin"/>) / (<see cref="YCount"/> − 1).</summary>
    public double YStep { get; }

    /// <summary>Gets the x of the nodes (<paramref name="i"/>, j).</summary>
    /// <param name="i">A zero-based index smaller than <see cref="XCount"/>.</param>
    /// <returns>The coordinate.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="i"/> is negative or not smaller than <see cref="XCount"/>.</exception>
    public double X(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, XCount);
        return _x[i];
    }

    /// <summary>Gets the y of the nodes (i, <paramref name="j"/>).</summary>
    /// <param name="j">A zero-based index smaller than <see cref="YCount"/>.</param>
    /// <returns>The coordinate.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="j"/> is negative or not smaller than <see cref="YCount"/>.</exception>
    public double Y(int j)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(j);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(j, YCount);
        return _y[j];
    }

    /// <summary>Lists the nodes as points, the layout a score field is given in.</summary>
    /// <returns>A new [<see cref="XCount"/> · <see cref="YCount"/>, 2] array whose row i · <see cref="YCount"/> + j holds (X(i), Y(j)).</returns>
    public double[,] Points()
    {
        var points = new double[XCount * YCount, 2];
        for (var i = 0; i < XCount; i++)
        {
            for (var j = 0; j < YCount; j++)
            {
                var row = (i * YCount) + j;
                points[row, 0] = _x[i];
                points[row, 1] = _y[j];
            }
        }

        return points;
    }

    /// <summary>Integrates <paramref name="values"/>, [XCount, YCount], over the grid with the trapezoid rule.</summary>
    internal double Integrate(double[,] values) => TrapezoidSum(values) * XStep * YStep;

    /// <summary>
    /// The trapezoid rule's sum in units of the cell area: the values weighted 1 inside, ½ on the edges and ¼ at the
    /// corners. Scaled by the area last, so that small cells do not underflow the weights.
    /// </summary>
    internal double TrapezoidSum(double[,] values)
    {
        var sum = 0.0;
        for (var i = 0; i < XCount; i++)
        {
            var wx = i == 0 || i == XCount - 1 ? 0.5 : 1.0;
            for (var j = 0; j < YCount; j++)
            {
                var wy = j == 0 || j == YCount - 1 ? 0.5 : 1.0;
                sum += wx * wy * values[i, j];
            }
        }

        return sum;
    }

    /// <summary>
    /// Where <paramref name="value"/> lies along one axis: the index of the cell [nodes[c], nodes[c + 1]] that holds it and
    /// the fraction of the cell below it; null outside [first node, last node].
    /// </summary>
    internal static (int Cell, double Fraction)? Locate(double[] nodes, double value)
    {
        var last = nodes.Length - 1;
        if (!(value >= nodes[0] && value <= nodes[last]))
        {
            return null;
        }

        var step = (nodes[last] - nodes[0]) / last;
        var cell = Math.Clamp((int)Math.Floor((value - nodes[0]) / step), 0, last - 1);

        // The division can land one cell off through round-off; the nodes themselves decide.
        while (cell > 0 && value < nodes[cell])
        {
            cell--;
        }

        while (cell < last - 1 && value > nodes[cell + 1])
        {
            cell++;
        }

        var fraction = Math.Clamp((value - nodes[cell]) / (nodes[cell + 1] - nodes[cell]), 0.0, 1.0);
        return (cell, fraction);
    }

    /// <summary>The x of every node along x, not copied: callers inside the library must not write to it.</summary>
    internal double[] XNodes => _x;

    /// <summary>The y of every node along y, not copied: callers inside the library must not write to it.</summary>
    internal double[] YNodes => _y;

    /// <summary>The nodes of one axis, checked as <see cref="OneDimensional.UniformGrid"/> checks its points.</summary>
    private static double[] Axis(double min, double max, int count, string minName, string maxName, string countName)
    {
        if (!double.IsFinite(min))
        {
            throw new ArgumentOutOfRangeException(minName, min, "The lower end of the grid must be finite.");
        }

        if (!double.IsFinite(max) || max <= min)
        {
            throw new ArgumentOutOfRangeException(maxName, max, $"The upper end of the grid must be finite and greater than its lower end ({min}).");
        }

        if (count < 3)
        {
            throw new ArgumentOutOfRangeException(countName, count, "A grid needs at least 3 nodes along each axis.");
        }

        // The width can overflow although both ends are finite.
        if (!double.IsFinite(max - min))
        {
            throw new ArgumentOutOfRangeException(maxName, max, $"The width of the grid from {min} to {max} is larger than a double can hold.");
        }

        // Differences and slopes divide by the step; below the smallest normal double its reciprocal overflows.
        var step = (max - min) / (count - 1);
        if (step < SmallestNormal)
        {
            throw new ArgumentOutOfRangeException(countName, count, $"{count} nodes between {min} and {max} are {step} apart, less than the smallest normal double ({SmallestNormal}).");
        }

        var nodes = new double[count];
        for (var i = 0; i < count - 1; i++)
        {
            nodes[i] = min + (i * step);
            if (i > 0 && !(nodes[i] > nodes[i - 1]))
            {
                throw new ArgumentOutOfRangeException(countName, count, $"{count} nodes between {min} and {max} are closer than double precision can tell apart: nodes {i - 1} and {i} are both {nodes[i]}.");
            }
        }

        nodes[count - 1] = max;
        if (!(max > nodes[count - 2]))
        {
            throw new ArgumentOutOfRangeException(countName, count, $"{count} nodes between {min} and {max} are closer than double precision can tell apart at the end of the grid.");
        }

        return nodes;
    }
}
