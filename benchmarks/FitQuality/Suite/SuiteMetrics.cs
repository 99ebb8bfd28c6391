namespace FitQuality.Suite;

/// <summary>How far a density estimate is from the truth: the L1 distance and the held-out log-likelihood.</summary>
internal static class SuiteMetrics
{
    /// <summary>The L1 distance ∫ |p̂ − p| dx over the whole real line.</summary>
    /// <param name="truth">The nodes of the true density.</param>
    /// <param name="estimate">The estimate; it must integrate to 1.</param>
    /// <returns>The distance, in [0, 2].</returns>
    /// <remarks>
    /// <para>
    /// When both densities integrate to 1, ∫ (p̂ − p) dx = 0, so ∫ |p̂ − p| dx = 2 ∫ (p − p̂)₊ dx, and with x = Q(u)
    /// (dx = du / p) that is 2 ∫₀¹ (1 − p̂(Q(u)) / p(Q(u)))₊ du, which is computed with the midpoint rule on the M
    /// midpoints of <paramref name="truth"/>, the ratio taken as exp(log p̂ − log p).
    /// </para>
    /// <para>
    /// The integrand lies in [0, 1] whatever the tails: the Cauchy's reach to ±10⁴ costs nothing, a jump of either
    /// density adds at most 1/M to the error, and mass that p̂ puts where p has none (below the boundary of the
    /// exponential, between the separated modes) is counted through the deficit it leaves where p has mass, without
    /// having to be found. The price is the assumption ∫ p̂ = 1, which holds for the Gaussian kernel estimates
    /// (exactly, up to the kernel cut-off at 8h, about 1e-15) and for the linear interpolation of a pdf normalised
    /// by the trapezoid rule on its own grid (exactly).
    /// </para>
    /// </remarks>
    public static double L1Distance(ProbabilityGrid truth, IFittedDensity estimate)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(estimate);
        var points = truth.Points;
        var logDensities = truth.LogDensities;
        var deficit = 0.0;
        for (var i = 0; i < truth.Count; i++)
        {
            var ratio = Math.Exp(estimate.DensityLn(points[i]) - logDensities[i]);
            if (double.IsNaN(ratio))
            {
                return double.NaN;
            }

            deficit += Math.Max(0, 1 - ratio);
        }

        return 2 * deficit / truth.Count;
    }

    /// <summary>The mean log-density of <paramref name="estimate"/> at held-out points, the held-out log-likelihood per sample.</summary>
    /// <param name="testPoints">Fresh samples of the truth.</param>
    /// <param name="estimate">The estimate.</param>
    /// <returns>(1/n) Σ log p̂(xᵢ); −∞ if the estimate gives any point zero density.</returns>
    public static double MeanLogLikelihood(IReadOnlyList<double> testPoints, IFittedDensity estimate)
    {
        ArgumentNullException.ThrowIfNull(testPoints);
        ArgumentNullException.ThrowIfNull(estimate);
        return testPoints.Average(estimate.DensityLn);
    }

    /// <summary>The mean log-density of the truth at the held-out points: an estimate of minus its entropy, the best any estimate can do on average.</summary>
    /// <param name="testPoints">Fresh samples of the truth.</param>
    /// <param name="truth">The true distribution.</param>
    /// <returns>(1/n) Σ log p(xᵢ).</returns>
    public static double MeanLogLikelihood(IReadOnlyList<double> testPoints, ITestDistribution truth)
    {
        ArgumentNullException.ThrowIfNull(testPoints);
        ArgumentNullException.ThrowIfNull(truth);
        return testPoints.Average(truth.DensityLn);
    }
}
