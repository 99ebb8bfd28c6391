namespace FitQuality.Suite;

/// <summary>The quantile of a distribution without a closed-form inverse CDF, by safeguarded Newton steps on its CDF.</summary>
internal static class NumericQuantile
{
    /// <summary>The bracket width below which the search stops, relative to the size of the root (and absolute below 1).</summary>
    private const double Tolerance = 1e-14;

    /// <summary>Solves F(x) = p.</summary>
    /// <param name="distribution">The distribution; its <see cref="ITestDistribution.Cdf"/> must be continuous and non-decreasing.</param>
    /// <param name="p">A probability in (0, 1).</param>
    /// <param name="lower">A point with F(lower) ≤ p, or a first guess that the search widens from.</param>
    /// <param name="upper">A point with F(upper) ≥ p, or a first guess that the search widens from.</param>
    /// <returns>The quantile.</returns>
    /// <remarks>
    /// A Newton step on F with the density as slope is taken when it stays inside the bracket and a bisection
    /// otherwise, so the search converges wherever the bracket holds the root: also across gaps where the density is
    /// nearly zero and across jumps of the density.
    /// </remarks>
    public static double Find(ITestDistribution distribution, double p, double lower, double upper)
    {
        if (!(p > 0 && p < 1))
        {
            return p == 0 ? double.NegativeInfinity : p == 1 ? double.PositiveInfinity : double.NaN;
        }

        var width = Math.Max(upper - lower, 1.0);
        while (distribution.Cdf(lower) > p)
        {
            lower -= width;
            width *= 2;
        }

        width = Math.Max(upper - lower, 1.0);
        while (distribution.Cdf(upper) < p)
        {
            upper += width;
            width *= 2;
        }

        var x = 0.5 * (lower + upper);
        for (var iteration = 0; iteration < 300; iteration++)
        {
            var error = distribution.Cdf(x) - p;
            if (error == 0)
            {
                return x;
            }

            if (error < 0)
            {
                lower = x;
            }
            else
            {
                upper = x;
            }

            if (upper - lower <= Tolerance * Math.Max(1, Math.Abs(x)))
            {
                break;
            }

            var slope = distribution.Density(x);
            var newton = slope > 0 ? x - (error / slope) : double.NaN;
            if (newton > lower && newton < upper)
            {
                // Newton converges from one side and leaves the far end of the bracket where it is: stop on the step.
                var step = Math.Abs(newton - x);
                x = newton;
                if (step <= Tolerance * Math.Max(1, Math.Abs(x)))
                {
                    break;
                }
            }
            else
            {
                x = 0.5 * (lower + upper);
            }
        }

        return x;
    }

    /// <summary>A uniform draw in the open interval (0, 1), for inverse-transform sampling.</summary>
    /// <param name="random">The source of randomness.</param>
    /// <returns>u with 0 &lt; u &lt; 1.</returns>
    public static double OpenUniform(Random random)
    {
        double u;
        do
        {
            u = random.NextDouble();
        }
        while (u == 0);

        return u;
    }
}
