namespace FiniteDifferenceScoreMatching.OneDimensional.Density;

/// <summary>Recovers a probability density on a grid from values of its score, d/dx log p(x).</summary>
public static class DensityRecovery
{
    /// <summary>
    /// Recovers the probability density on <paramref name="grid"/> by integrating the score and exponentiating.
    /// </summary>
    /// <param name="grid">The grid on which the score is given.</param>
    /// <param name="score">The score at each grid point; finite.</param>
    /// <returns>
    /// A new array with the recovered density at each grid point, non-negative and normalised so that
    /// <see cref="UniformGrid.Integrate"/> of it is 1 (up to round-off).
    /// </returns>
    /// <remarks>
    /// <para>
    /// The log-density is accumulated with the trapezoid rule, log p₀ = 0 and
    /// log pᵢ = log pᵢ₋₁ + ½ (sᵢ₋₁ + sᵢ) Δx, in a plain managed loop in double precision. Its maximum is
    /// subtracted before exponentiating, so that no value overflows and the mode is exactly representable;
    /// the result is then divided by its trapezoid integral over the grid.
    /// </para>
    /// <para>
    /// The density is recovered only up to the mass outside the grid, which is assumed negligible: the grid should
    /// cover the region where the density is not.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="grid"/> or <paramref name="score"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="score"/> does not hold one value per grid point, a value is not finite, or the integrated
    /// score overflows.
    /// </exception>
    public static double[] FromScore(UniformGrid grid, IReadOnlyList<double> score)
    {
        ArgumentNullException.ThrowIfNull(grid);
        grid.ThrowIfLengthDiffers(score, nameof(score));
        Guard.ThrowIfAnyNotFinite(score, nameof(score));

        var count = grid.Count;
        var halfStep = 0.5 * grid.Step;
        var logDensity = new double[count];
        var maximum = 0.0;
        for (var i = 1; i < count; i++)
        {
            logDensity[i] = logDensity[i - 1] + (halfStep * (score[i - 1] + score[i]));
            if (!double.IsFinite(logDensity[i]))
            {
                throw new ArgumentException(
                    $"The integrated score overflows at grid index {i} (x = {grid[i]}): the log-density there is {logDensity[i]}.",
                    nameof(score));
            }

            maximum = Math.Max(maximum, logDensity[i]);
        }

        // Reuse the buffer: after this loop it holds the unnormalised density, with its largest value exactly 1.
        var density = logDensity;
        for (var i = 0; i < count; i++)
        {
            density[i] = Math.Exp(logDensity[i] - maximum);
        }

        var mass = grid.Integrate(density);
        for (var i = 0; i < count; i++)
        {
            density[i] /= mass;
        }

        return density;
    }
}
