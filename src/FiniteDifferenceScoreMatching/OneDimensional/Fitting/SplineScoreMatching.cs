
namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>
/// Finite-difference score matching of a cubic-spline score ψ(u) = Σₖ θₖ Bₖ(u), solved exactly: the loss
/// (1/N) Σₙ [½ ψ̄(uₙ)² + (ψ(uₙ + δ) − ψ(uₙ − δ)) / 2δ] with ψ̄(u) = (ψ(u + δ) + ψ(u − δ)) / 2 is quadratic in θ,
/// ½ θᵀAθ + θᵀb, and with the roughness penalty λ θᵀPθ its minimiser solves (A + 2λP) θ = −b.
/// </summary>
internal static class SplineScoreMatching
{
    /// <summary>
    /// Knots at evenly spaced quantiles of the sorted values, so that they are dense where samples are and the spline
    /// resolves narrow and wide features alike; knots closer than a millionth of the range are merged.
    /// </summary>
    public static double[] QuantileKnots(double[] sortedU, int count)
    {
        var range = sortedU[^1] - sortedU[0];
        var knots = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var knot = SampleStatistics.Quantile(sortedU, (double)i / (count - 1));
            if (knots.Count == 0 || knot - knots[^1] > 1e-6 * range)
            {
                knots.Add(knot);
            }
        }

        if (knots[^1] < sortedU[^1])
        {
            knots[^1] = sortedU[^1];
        }

        return [.. knots];
    }

    /// <summary>The finite-difference step in u: a tenth of the narrowest knot interval, small enough that it differs from the exact derivative of a cubic by a negligible amount.</summary>
    public static double Delta(CubicBSplineBasis basis)
    {
        var narrowest = double.PositiveInfinity;
        for (var i = 1; i < basis.Knots.Count; i++)
        {
            narrowest = Math.Min(narrowest, basis.Knots[i] - basis.Knots[i - 1]);
        }

        return 0.1 * narrowest;
    }

    /// <summary>Adds one sample's terms to the sums of the normal equations: a ⊗ a to <paramref name="a"/> (row-major) and d to <paramref name="b"/>.</summary>
    public static void Accumulate(CubicBSplineBasis basis, double u, double delta, double[] a, double[] b)
    {
        const int Width = CubicBSplineBasis.Support + 1;
        Span<double> above = stackalloc double[CubicBSplineBasis.Support];
        Span<double> belowValues = stackalloc double[CubicBSplineBasis.Support];
        var firstAbove = basis.Evaluate(u + delta, above);
        var firstBelow = basis.Evaluate(u - delta, belowValues);
        var first = Math.Min(firstAbove, firstBelow);

        // ψ̄ and the divergence term as coefficients over the (at most five) basis functions from `first`.
        Span<double> mean = stackalloc double[Width];
        Span<double> difference = stackalloc double[Width];
        mean.Clear();
        difference.Clear();
        for (var i = 0; i < CubicBSplineBasis.Support; i++)
        {
            mean[firstAbove - first + i] += 0.5 * above[i];
            mean[firstBelow - first + i] += 0.5 * belowValues[i];
            difference[firstAbove - first + i] += above[i] / (2 * delta);
            difference[firstBelow - first + i] -= belowValues[i] / (2 * delta);
        }

        var n = basis.Count;
        var used = Math.Min(Width, n - first);
        for (var i = 0; i < used; i++)
        {
            b[first + i] += difference[i];
            var row = (first + i) * n;
            for (var j = 0; j < used; j++)
            {
                a[row + first + j] += mean[i] * mean[j];
            }
        }
    }

    /// <summary>
    /// The penalty matrix of the curvature ∫ ψ''(u)² du over the knots, row-major: θᵀPθ for ψ = Σₖ θₖ Bₖ. Unlike
    /// differences of coefficients it does not depend on how the knots are spaced, and it vanishes exactly on linear
    /// scores, so that the strongest penalty leaves a Gaussian in u.
    /// </summary>
    public static double[] CurvaturePenalty(CubicBSplineBasis basis)
    {
        // On each knot interval ψ'' is linear, so the two-point Gauss–Legendre rule integrates ψ''² exactly; the second
        // derivatives at its points are central second differences, exact for cubics, with steps inside the interval.
        var n = basis.Count;
        var penalty = new double[n * n];
        Span<double> below = stackalloc double[CubicBSplineBasis.Support];
        Span<double> middle = stackalloc double[CubicBSplineBasis.Support];
        Span<double> above = stackalloc double[CubicBSplineBasis.Support];
        Span<double> second = stackalloc double[CubicBSplineBasis.Support];
        var knots = basis.Knots;
        for (var k = 0; k + 1 < knots.Count; k++)
        {
            var (start, width) = (knots[k], knots[k + 1] - knots[k]);
            var h = 0.1 * width;
            foreach (var offset in (ReadOnlySpan<double>)[0.5 - (0.5 / Math.Sqrt(3)), 0.5 + (0.5 / Math.Sqrt(3))])
            {
                var u = start + (offset * width);
                var first = basis.Evaluate(u, middle);
                _ = basis.Evaluate(u - h, below);
                _ = basis.Evaluate(u + h, above);
                for (var i = 0; i < CubicBSplineBasis.Support; i++)
                {
                    second[i] = (above[i] - (2 * middle[i]) + below[i]) / (h * h);
                }

                for (var i = 0; i < CubicBSplineBasis.Support; i++)
                {
                    for (var j = 0; j < CubicBSplineBasis.Support; j++)
                    {
                        penalty[((first + i) * n) + first + j] += 0.5 * width * second[i] * second[j];
                    }
                }
            }
        }

        return penalty;
    }

    /// <summary>
    /// The coefficients that minimise the mean loss over <paramref name="sampleCount"/> samples, whose sums are
    /// <paramref name="a"/> and <paramref name="b"/>, plus λ θᵀPθ, with λ = <paramref name="relativePenalty"/> · tr(A) / tr(P)
    /// so that the penalty's weight does not depend on the scale of the basis.
    /// </summary>
    public static double[] Solve(double[] a, double[] b, int sampleCount, double[] penalty, double relativePenalty)
    {
        var n = b.Length;
        var traceA = 0.0;
        var traceP = 0.0;
        for (var i = 0; i < n; i++)
        {
            traceA += a[(i * n) + i];
            traceP += penalty[(i * n) + i];
        }

        var lambda = relativePenalty * traceA / sampleCount / traceP;
        var ridge = 1e-12 * traceA / sampleCount / n;
        var matrix = new double[n * n];
        var rhs = new double[n];
        for (var i = 0; i < n; i++)
        {
            rhs[i] = -b[i] / sampleCount;
            for (var j = 0; j < n; j++)
            {
                matrix[(i * n) + j] = (a[(i * n) + j] / sampleCount) + (2 * lambda * penalty[(i * n) + j]);
            }

            matrix[(i * n) + i] += ridge;
        }

        CholeskySolve(matrix, rhs, n);
        return rhs;
    }

    /// <summary>Solves M x = r in place (x overwrites r) for a symmetric positive-definite M, row-major; M is overwritten by its factor.</summary>
    private static void CholeskySolve(double[] m, double[] r, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var diagonal = m[(j * n) + j];
            for (var k = 0; k < j; k++)
            {
                diagonal -= m[(j * n) + k] * m[(j * n) + k];
            }

            if (!(diagonal > 0))
            {
                throw new InvalidOperationException("The score-matching equations are not positive definite: too few distinct samples for the spline.");
            }

            var root = Math.Sqrt(diagonal);
            m[(j * n) + j] = root;
            for (var i = j + 1; i < n; i++)
            {
                var value = m[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    value -= m[(i * n) + k] * m[(j * n) + k];
                }

                m[(i * n) + j] = value / root;
            }
        }

        for (var i = 0; i < n; i++)
        {
            var value = r[i];
            for (var k = 0; k < i; k++)
            {
                value -= m[(i * n) + k] * r[k];
            }

            r[i] = value / m[(i * n) + i];
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var value = r[i];
            for (var k = i + 1; k < n; k++)
            {
                value -= m[(k * n) + i] * r[k];
            }

            r[i] = value / m[(i * n) + i];
        }
    }
}
