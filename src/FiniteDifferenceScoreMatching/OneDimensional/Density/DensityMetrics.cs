namespace FiniteDifferenceScoreMatching.OneDimensional.Density;

/// <summary>
/// Measures of how close a density or a score is to a reference, integrated over a grid with the trapezoid rule.
/// </summary>
/// <remarks>
/// Densities must be finite and non-negative and scores finite; every list must hold one value per grid point.
/// The integrals cover the grid only, so the grid should span the region where the densities are not negligible.
/// </remarks>
public static class DensityMetrics
{
    /// <summary>Computes the Fisher divergence ∫ p(x) (ψ(x) − s(x))² dx of a score from a reference score.</summary>
    /// <param name="grid">The grid on which the values are given.</param>
    /// <param name="pdf">The density p that weights the squared error, usually the true one; finite and non-negative.</param>
    /// <param name="score">The score ψ to assess, for instance a model's; finite.</param>
    /// <param name="referenceScore">The reference score s, usually the true one; finite.</param>
    /// <returns>The trapezoid-rule estimate of ∫ p (ψ − s)² dx over the grid; 0 when the scores agree.</returns>
    /// <remarks>
    /// There is no factor ½ in front of the integral, unlike the explicit score-matching objective J_ESM; halve the
    /// result to compare with it.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// A list does not hold one value per grid point, a value is not finite, or a density value is negative.
    /// </exception>
    public static double FisherDivergence(
        UniformGrid grid,
        IReadOnlyList<double> pdf,
        IReadOnlyList<double> score,
        IReadOnlyList<double> referenceScore)
    {
        ThrowIfInvalidScores(grid, pdf, score, referenceScore);
        return WeightedSquaredError(grid, pdf, score, referenceScore);
    }

    /// <summary>
    /// Computes the Fisher divergence relative to the size of the reference score,
    /// ∫ p (ψ − s)² dx / ∫ p s² dx.
    /// </summary>
    /// <param name="grid">The grid on which the values are given.</param>
    /// <param name="pdf">The density p that weights both integrals; finite and non-negative.</param>
    /// <param name="score">The score ψ to assess; finite.</param>
    /// <param name="referenceScore">The reference score s; finite, and not zero wherever p is positive.</param>
    /// <returns>
    /// <see cref="FisherDivergence"/> divided by the trapezoid-rule estimate of ∫ p s² dx, a scale-free number:
    /// 0 for a perfect score, 1 for a score that is identically zero.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// A list does not hold one value per grid point, a value is not finite, a density value is negative, or
    /// ∫ p s² dx is zero.
    /// </exception>
    public static double RelativeFisherDivergence(
        UniformGrid grid,
        IReadOnlyList<double> pdf,
        IReadOnlyList<double> score,
        IReadOnlyList<double> referenceScore)
    {
        ThrowIfInvalidScores(grid, pdf, score, referenceScore);

        var integrand = new double[grid.Count];
        for (var i = 0; i < integrand.Length; i++)
        {
            integrand[i] = pdf[i] * referenceScore[i] * referenceScore[i];
        }

        var scale = grid.Integrate(integrand);

        if (scale == 0)
        {
            throw new ArgumentException(
                $"The reference scale ∫ p s² dx is {scale}: the reference score is zero wherever the density is positive.",
                nameof(referenceScore));
        }

        return WeightedSquaredError(grid, pdf, score, referenceScore) / scale;
    }

    /// <summary>Computes the L¹ distance ∫ |p(x) − q(x)| dx between two densities.</summary>
    /// <param name="grid">The grid on which the values are given.</param>
    /// <param name="pdf">The density p; finite and non-negative.</param>
    /// <param name="referencePdf">The density q; finite and non-negative.</param>
    /// <returns>The trapezoid-rule estimate of ∫ |p − q| dx over the grid, between 0 and 2 for normalised densities.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// A list does not hold one value per grid point, a value is not finite, or a value is negative.
    /// </exception>
    public static double L1Distance(UniformGrid grid, IReadOnlyList<double> pdf, IReadOnlyList<double> referencePdf)
    {
        ThrowIfInvalidPdf(grid, pdf, nameof(pdf));
        ThrowIfInvalidPdf(grid, referencePdf, nameof(referencePdf));

        var difference = new double[grid.Count];
        for (var i = 0; i < difference.Length; i++)
        {
            difference[i] = Math.Abs(pdf[i] - referencePdf[i]);
        }

        return grid.Integrate(difference);
    }

    /// <summary>Computes the probability mass to the left of <paramref name="point"/>, ∫ p(x) dx over x ≤ point.</summary>
    /// <param name="grid">The grid on which the density is given.</param>
    /// <param name="pdf">The density; finite and non-negative.</param>
    /// <param name="point">The upper end of the integral; not NaN, but may lie outside the grid or be infinite.</param>
    /// <returns>
    /// The trapezoid-rule mass of the cells left of <paramref name="point"/>, plus, in the cell that contains it,
    /// the area under the straight line between the cell's two values up to <paramref name="point"/>.
    /// 0 left of the grid and the whole trapezoid-rule mass right of it. Together with
    /// <see cref="MassAbove"/> it adds up to the whole mass, up to round-off.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="pdf"/> does not hold one value per grid point, a value is not finite or is negative,
    /// or <paramref name="point"/> is NaN.
    /// </exception>
    public static double MassBelow(UniformGrid grid, IReadOnlyList<double> pdf, double point)
    {
        ThrowIfInvalidPdf(grid, pdf, nameof(pdf));
        ThrowIfNaN(point, nameof(point));

        if (point <= grid.Start)
        {
            return 0.0;
        }

        if (point >= grid.Stop)
        {
            return grid.Integrate(pdf);
        }

        var cell = FindCell(grid, point);
        var halfStep = 0.5 * grid.Step;
        var mass = 0.0;
        for (var i = 0; i < cell; i++)
        {
            mass += halfStep * (pdf[i] + pdf[i + 1]);
        }

        var (fraction, valueAtPoint) = Interpolate(grid, pdf, cell, point);
        return mass + (fraction * halfStep * (pdf[cell] + valueAtPoint));
    }

    /// <summary>Computes the probability mass to the right of <paramref name="point"/>, ∫ p(x) dx over x ≥ point.</summary>
    /// <param name="grid">The grid on which the density is given.</param>
    /// <param name="pdf">The density; finite and non-negative.</param>
    /// <param name="point">The lower end of the integral; not NaN, but may lie outside the grid or be infinite.</param>
    /// <returns>
    /// The trapezoid-rule mass of the cells right of <paramref name="point"/>, plus, in the cell that contains it,
    /// the area under the straight line between the cell's two values from <paramref name="point"/> on.
    /// The whole trapezoid-rule mass left of the grid and 0 right of it. Together with
    /// <see cref="MassBelow"/> it adds up to the whole mass, up to round-off.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="pdf"/> does not hold one value per grid point, a value is not finite or is negative,
    /// or <paramref name="point"/> is NaN.
    /// </exception>
    public static double MassAbove(UniformGrid grid, IReadOnlyList<double> pdf, double point)
    {
        ThrowIfInvalidPdf(grid, pdf, nameof(pdf));
        ThrowIfNaN(point, nameof(point));

        if (point <= grid.Start)
        {
            return grid.Integrate(pdf);
        }

        if (point >= grid.Stop)
        {
            return 0.0;
        }

        var cell = FindCell(grid, point);
        var halfStep = 0.5 * grid.Step;
        var mass = 0.0;
        for (var i = grid.Count - 2; i > cell; i--)
        {
            mass += halfStep * (pdf[i] + pdf[i + 1]);
        }

        var (fraction, valueAtPoint) = Interpolate(grid, pdf, cell, point);
        return mass + ((1.0 - fraction) * halfStep * (valueAtPoint + pdf[cell + 1]));
    }

    /// <summary>∫ p (ψ − s)² dx by the trapezoid rule, on arguments already checked.</summary>
    private static double WeightedSquaredError(
        UniformGrid grid,
        IReadOnlyList<double> pdf,
        IReadOnlyList<double> score,
        IReadOnlyList<double> referenceScore)
    {
        var integrand = new double[grid.Count];
        for (var i = 0; i < integrand.Length; i++)
        {
            var error = score[i] - referenceScore[i];
            integrand[i] = pdf[i] * error * error;
        }

        return grid.Integrate(integrand);
    }

    /// <summary>
    /// The index i of the cell [xᵢ, xᵢ₊₁] that contains <paramref name="point"/>, which lies strictly inside the grid.
    /// </summary>
    private static int FindCell(UniformGrid grid, double point)
    {
        var cell = (int)Math.Floor((point - grid.Start) / grid.Step);
        cell = Math.Clamp(cell, 0, grid.Count - 2);

        // The division can land one cell off through round-off; the grid points themselves decide.
        while (cell > 0 && point < grid[cell])
        {
            cell--;
        }

        while (cell < grid.Count - 2 && point > grid[cell + 1])
        {
            cell++;
        }

        return cell;
    }

    /// <summary>
    /// Where <paramref name="point"/> lies in its cell, as a fraction of the cell in [0, 1], and the density
    /// interpolated linearly there.
    /// </summary>
    private static (double Fraction, double Value) Interpolate(UniformGrid grid, IReadOnlyList<double> pdf, int cell, double point)
    {
        var left = grid[cell];
        var right = grid[cell + 1];
        var fraction = Math.Clamp((point - left) / (right - left), 0.0, 1.0);
        var value = pdf[cell] + (fraction * (pdf[cell + 1] - pdf[cell]));
        return (fraction, value);
    }

    /// <summary>Checks the density and both scores given to the Fisher divergences.</summary>
    private static void ThrowIfInvalidScores(
        UniformGrid grid,
        IReadOnlyList<double> pdf,
        IReadOnlyList<double> score,
        IReadOnlyList<double> referenceScore)
    {
        ThrowIfInvalidPdf(grid, pdf, nameof(pdf));
        grid.ThrowIfLengthDiffers(score, nameof(score));
        Guard.ThrowIfAnyNotFinite(score, nameof(score));
        grid.ThrowIfLengthDiffers(referenceScore, nameof(referenceScore));
        Guard.ThrowIfAnyNotFinite(referenceScore, nameof(referenceScore));
    }

    /// <summary>Throws unless <paramref name="pdf"/> holds one finite, non-negative value per grid point.</summary>
    private static void ThrowIfInvalidPdf(UniformGrid grid, IReadOnlyList<double> pdf, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(grid);
        grid.ThrowIfLengthDiffers(pdf, parameterName);
        Guard.ThrowIfAnyNotFinite(pdf, parameterName);
        for (var i = 0; i < pdf.Count; i++)
        {
            if (pdf[i] < 0)
            {
                throw new ArgumentException($"A density cannot be negative, but the value at index {i} is {pdf[i]}.", parameterName);
            }
        }
    }

    /// <summary>Throws when <paramref name="value"/> is NaN.</summary>
    private static void ThrowIfNaN(double value, string parameterName)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "The point must not be NaN.");
        }
    }
}
