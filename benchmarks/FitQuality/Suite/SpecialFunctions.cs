namespace FitQuality.Suite;

/// <summary>
/// The special functions the suite's exact densities need: the complementary error function, the normal cumulative
/// distribution and its inverse, to about 1e-15 relative (the quantile to the accuracy of the CDF it inverts).
/// </summary>
/// <remarks>
/// Written here rather than taken from the library under study, so that the truth a fit is measured against does not
/// depend on the code being measured.
/// </remarks>
internal static class SpecialFunctions
{
    /// <summary>½ log 2π (the compiler rounds it).</summary>
    public const double LogSqrtTwoPi = 0.91893853320467274178;

    /// <summary>√(2π) (the compiler rounds it).</summary>
    public const double SqrtTwoPi = 2.50662827463100050242;

    /// <summary>√2 (the compiler rounds it).</summary>
    public const double SqrtTwo = 1.41421356237309504880;

    /// <summary>√π (the compiler rounds it).</summary>
    private const double SqrtPi = 1.77245385090551602730;

    /// <summary>Where the series of P(½, z) hands over to the continued fraction of Q(½, z), in z = x².</summary>
    private const double SeriesLimit = 1.5;

    /// <summary>The relative size of the last term, or the last change of the continued fraction, that ends the iteration.</summary>
    private const double Epsilon = 1e-16;

    /// <summary>A number near the smallest normal double, which keeps Lentz's method away from division by zero.</summary>
    private const double Tiny = 1e-300;

    /// <summary>The complementary error function erfc(x) = 1 − erf(x).</summary>
    /// <param name="x">Any number.</param>
    /// <returns>erfc(x), in [0, 2]; NaN for NaN.</returns>
    /// <remarks>
    /// erfc(x) = Q(½, x²) for x ≥ 0, the regularised upper incomplete gamma function: below x² = 1.5 through the
    /// series of P = 1 − Q, whose terms are all positive; above, through the continued fraction of Q (modified Lentz),
    /// which keeps its relative accuracy far into the tail, where 1 − erf would cancel.
    /// </remarks>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        var z = x * x;
        if (z < SeriesLimit)
        {
            // P(½, z) = e^(−z) z^½ / Γ(½) · Σₙ zⁿ / (½ (½ + 1) … (½ + n)), with z^½ / Γ(½) = x / √π.
            var denominator = 0.5;
            var term = 1 / denominator;
            var sum = term;
            for (var n = 1; n < 200; n++)
            {
                denominator += 1;
                term *= z / denominator;
                sum += term;
                if (term < sum * Epsilon)
                {
                    break;
                }
            }

            return 1 - (Math.Exp(-z) * x / SqrtPi * sum);
        }

        return UpperContinuedFraction(z, x);
    }

    /// <summary>The cumulative distribution Φ(x) of the standard normal.</summary>
    /// <param name="x">Any number.</param>
    /// <returns>Φ(x), accurate to about 1e-15 relative, also far in the lower tail.</returns>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / SqrtTwo);

    /// <summary>The standard normal density φ(x).</summary>
    /// <param name="x">Any number.</param>
    /// <returns>φ(x) = e^(−x²/2) / √(2π).</returns>
    public static double NormalDensity(double x) => Math.Exp(-0.5 * x * x) / SqrtTwoPi;

    /// <summary>The quantile Φ⁻¹(p) of the standard normal.</summary>
    /// <param name="p">A probability in (0, 1); 0 and 1 give −∞ and +∞.</param>
    /// <returns>The x with Φ(x) = p.</returns>
    /// <remarks>
    /// Acklam's rational approximation (relative error below 1.2e-9) and one Halley step on <see cref="NormalCdf"/>,
    /// which brings it to the accuracy of the CDF. The upper half is computed as −Φ⁻¹(1 − p), where 1 − p is exact.
    /// </remarks>
    public static double NormalQuantile(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1)
        {
            return double.NaN;
        }

        if (p == 0)
        {
            return double.NegativeInfinity;
        }

        if (p == 1)
        {
            return double.PositiveInfinity;
        }

        if (p > 0.5)
        {
            return -NormalQuantile(1 - p);
        }

        var x = AcklamQuantile(p);
        var error = NormalCdf(x) - p;
        var u = error * SqrtTwoPi * Math.Exp(0.5 * x * x);
        return x - (u / (1 + (0.5 * x * u)));
    }

    /// <summary>Q(½, z) = erfc(x) for z = x² ≥ 1.5, by the continued fraction of the upper incomplete gamma function.</summary>
    private static double UpperContinuedFraction(double z, double x)
    {
        const double a = 0.5;
        var b = z + 1 - a;
        var c = 1 / Tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 500; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            if (Math.Abs(d) < Tiny)
            {
                d = Tiny;
            }

            c = b + (an / c);
            if (Math.Abs(c) < Tiny)
            {
                c = Tiny;
            }

            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        // e^(−z) z^a / Γ(a) with a = ½: e^(−x²) x / √π.
        return Math.Exp(-z) * x / SqrtPi * h;
    }

    /// <summary>Acklam's approximation of Φ⁻¹(p) for p in (0, ½].</summary>
    private static double AcklamQuantile(double p)
    {
        const double low = 0.02425;
        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return Horner(c, q) / ((Horner(d, q) * q) + 1);
        }

        var r = p - 0.5;
        var s = r * r;
        return Horner(a, s) * r / ((Horner(b, s) * s) + 1);
    }

    /// <summary>The polynomial with <paramref name="coefficients"/>, highest power first, at <paramref name="x"/>.</summary>
    private static double Horner(ReadOnlySpan<double> coefficients, double x)
    {
        var value = 0.0;
        foreach (var coefficient in coefficients)
        {
            value = (value * x) + coefficient;
        }

        return value;
    }
}
