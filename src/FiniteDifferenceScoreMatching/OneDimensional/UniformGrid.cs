namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// An ascending grid of equally spaced points on a closed interval, the layout that grid losses, density recovery
/// and the quality metrics integrate over.
/// </summary>
/// <remarks>
/// The points are computed as <c>Start + i * Step</c>, except the last, which is exactly <see cref="Stop"/>,
/// so that the grid spans the interval without round-off at its end.
/// </remarks>
public sealed class UniformGrid
{
    private readonly double[] _points;

    /// <summary>Creates a grid of <paramref name="count"/> equally spaced points from <paramref name="start"/> to <paramref name="stop"/>.</summary>
    /// <param name="start">The first point; must be finite.</param>
    /// <param name="stop">The last point; must be finite and greater than <paramref name="start"/>.</param>
    /// <param name="count">The number of points; at least 2.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An end point is not finite, the interval is empty or wider than a double holds, there are fewer than 2 points, or the
    /// points are too close together for double precision to keep them strictly ascending.
    /// </exception>
    public UniformGrid(double start, double stop, int count)
    {
        if (!double.IsFinite(start))
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, "The start of the grid must be finite.");
        }

        if (!double.IsFinite(stop) || stop <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(stop), stop, $"The end of the grid must be finite and greater than its start ({start}).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);

        // The width can overflow although both ends are finite.
        var step = (stop - start) / (count - 1);
        if (!double.IsFinite(stop - start))
        {
            throw new ArgumentOutOfRangeException(nameof(stop), stop, $"The width of the grid from {start} to {stop} is larger than a double can hold.");
        }

        Start = start;
        Stop = stop;
        Count = count;
        Step = step;
        _points = new double[count];
        for (var i = 0; i < count - 1; i++)
        {
            _points[i] = start + (i * Step);
            if (i > 0 && !(_points[i] > _points[i - 1]))
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, $"{count} points between {start} and {stop} are closer than double precision can tell apart: points {i - 1} and {i} are both {_points[i]}.");
            }
        }

        _points[count - 1] = stop;
        if (!(stop > _points[count - 2]))
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{count} points between {start} and {stop} are closer than double precision can tell apart at the end of the grid.");
        }
    }

    /// <summary>Gets the first point.</summary>
    public double Start { get; }

    /// <summary>Gets the last point.</summary>
    public double Stop { get; }

    /// <summary>Gets the number of points.</summary>
    public int Count { get; }

    /// <summary>Gets the distance between neighbouring points.</summary>
    public double Step { get; }

    /// <summary>Gets the points, in ascending order.</summary>
    public IReadOnlyList<double> Points => _points;

    /// <summary>Gets the point at <paramref name="index"/>.</summary>
    /// <param name="index">A zero-based index smaller than <see cref="Count"/>.</param>
    public double this[int index] => _points[index];

    /// <summary>Applies <paramref name="function"/> to every point.</summary>
    /// <param name="function">The function to evaluate.</param>
    /// <returns>A new array with the function's value at each point.</returns>
    public double[] Evaluate(Func<double, double> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var values = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            values[i] = function(_points[i]);
        }

        return values;
    }

    /// <summary>
    /// Integrates values given at the grid points with the trapezoid rule.
    /// </summary>
    /// <param name="values">One value for each point.</param>
    /// <returns>The trapezoid-rule estimate of the integral over [<see cref="Start"/>, <see cref="Stop"/>].</returns>
    /// <exception cref="ArgumentException">The number of values differs from <see cref="Count"/>.</exception>
    public double Integrate(IReadOnlyList<double> values)
    {
        ThrowIfLengthDiffers(values, nameof(values));
        var sum = 0.5 * (values[0] + values[Count - 1]);
        for (var i = 1; i < Count - 1; i++)
        {
            sum += values[i];
        }

        return sum * Step;
    }

    /// <summary>Throws when <paramref name="values"/> is null or does not hold one value per grid point.</summary>
    internal void ThrowIfLengthDiffers(IReadOnlyList<double> values, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(values, parameterName);
        if (values.Count != Count)
        {
            throw new ArgumentException($"Expected one value for each of the {Count} grid points, but got {values.Count}.", parameterName);
        }
    }
}
