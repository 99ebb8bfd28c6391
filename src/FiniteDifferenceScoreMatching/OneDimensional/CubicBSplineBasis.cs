namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// The cubic B-spline basis on strictly increasing knots t₀ &lt; … &lt; t_{K−1}, clamped at both ends (the end knots
/// repeated four times), so that it has K + 2 functions, spans every cubic spline with these knots, and its first and
/// last coefficients are the spline's values at t₀ and t_{K−1}. Outside [t₀, t_{K−1}] a spline is continued by its
/// value at the nearer end.
/// </summary>
internal sealed class CubicBSplineBasis
{
    /// <summary>The number of non-zero basis functions at any point.</summary>
    public const int Support = 4;

    private const int Degree = 3;
    private readonly double[] _knots;
    private readonly double[] _extended;

    /// <summary>Creates the basis on <paramref name="knots"/>: at least two, finite and strictly increasing.</summary>
    public CubicBSplineBasis(IReadOnlyList<double> knots)
    {
        ArgumentNullException.ThrowIfNull(knots);
        if (knots.Count < 2)
        {
            throw new ArgumentException($"A spline needs at least two knots, but there are {knots.Count}.", nameof(knots));
        }

        Guard.ThrowIfAnyNotFinite(knots, nameof(knots));
        for (var i = 1; i < knots.Count; i++)
        {
            if (!(knots[i] > knots[i - 1]))
            {
                throw new ArgumentException($"The knots must be strictly increasing, but knot {i} is {knots[i]} after {knots[i - 1]}.", nameof(knots));
            }
        }

        _knots = [.. knots];
        _extended = new double[_knots.Length + (2 * Degree)];
        for (var i = 0; i < _extended.Length; i++)
        {
            _extended[i] = _knots[Math.Clamp(i - Degree, 0, _knots.Length - 1)];
        }
    }

    /// <summary>Gets the knots.</summary>
    public IReadOnlyList<double> Knots => _knots;

    /// <summary>Gets the number of basis functions, K + 2.</summary>
    public int Count => _knots.Length + 2;

    /// <summary>Gets the first knot.</summary>
    public double Lower => _knots[0];

    /// <summary>Gets the last knot.</summary>
    public double Upper => _knots[^1];

    /// <summary>Gets the clamped knot vector, of length K + 6.</summary>
    internal IReadOnlyList<double> ExtendedKnots => _extended;

    /// <summary>
    /// Evaluates the <see cref="Support"/> basis functions that may be non-zero at <paramref name="u"/> (clamped to
    /// [<see cref="Lower"/>, <see cref="Upper"/>]) into <paramref name="values"/>, and returns the index of the first.
    /// </summary>
    public int Evaluate(double u, Span<double> values)
    {
        u = Math.Clamp(u, Lower, Upper);
        var span = Span(u);

        // De Boor's triangular scheme for the non-zero B-splines of degree 3 on the span [T[span], T[span + 1]).
        Span<double> left = stackalloc double[Degree + 1];
        Span<double> right = stackalloc double[Degree + 1];
        values[0] = 1;
        for (var j = 1; j <= Degree; j++)
        {
            left[j] = u - _extended[span + 1 - j];
            right[j] = _extended[span + j] - u;
            var saved = 0.0;
            for (var r = 0; r < j; r++)
            {
                var term = values[r] / (right[r + 1] + left[j - r]);
                values[r] = saved + (right[r + 1] * term);
                saved = left[j - r] * term;
            }

            values[j] = saved;
        }

        return span - Degree;
    }

    /// <summary>Evaluates the spline with <paramref name="coefficients"/> (one per basis function) at <paramref name="u"/>.</summary>
    public double Spline(ReadOnlySpan<double> coefficients, double u)
    {
        Span<double> values = stackalloc double[Support];
        var first = Evaluate(u, values);
        var sum = 0.0;
        for (var i = 0; i < Support; i++)
        {
            sum += coefficients[first + i] * values[i];
        }

        return sum;
    }

    /// <summary>The index i of the knot span T[i] ≤ u &lt; T[i + 1] of the clamped knot vector, the last one for u = t_{K−1}.</summary>
    private int Span(double u)
    {
        var last = _knots.Length - 2;
        var index = Array.BinarySearch(_knots, u);
        var interval = index >= 0 ? index : ~index - 1;
        return Math.Clamp(interval, 0, last) + Degree;
    }
}
