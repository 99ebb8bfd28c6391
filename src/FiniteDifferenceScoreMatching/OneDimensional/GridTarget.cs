namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// A known distribution tabulated on a uniform grid: its density and its score at every grid point. The grid
/// losses, which serve to study and validate score matching, train against it.
/// </summary>
public sealed class GridTarget
{
    private readonly double[] _density;
    private readonly double[] _score;

    /// <summary>Creates a target from tabulated values.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="density">The density at each grid point: finite and not negative.</param>
    /// <param name="score">The score d/dx log p at each grid point: finite.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A length differs from the grid's, or a value is out of range.</exception>
    public GridTarget(UniformGrid grid, IReadOnlyList<double> density, IReadOnlyList<double> score)
    {
        ArgumentNullException.ThrowIfNull(grid);
        grid.ThrowIfLengthDiffers(density, nameof(density));
        grid.ThrowIfLengthDiffers(score, nameof(score));
        Guard.ThrowIfAnyNotFinite(density, nameof(density));
        Guard.ThrowIfAnyNotFinite(score, nameof(score));
        for (var i = 0; i < density.Count; i++)
        {
            if (density[i] < 0)
            {
                throw new ArgumentException($"A density cannot be negative, but the value at index {i} is {density[i]}.", nameof(density));
            }
        }

        Grid = grid;
        _density = [.. density];
        _score = [.. score];
    }

    /// <summary>Tabulates a density and its score on a grid.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="density">The density function.</param>
    /// <param name="score">The score function.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A function gives a value that is out of range.</exception>
    public static GridTarget Tabulate(UniformGrid grid, Func<double, double> density, Func<double, double> score)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return new GridTarget(grid, grid.Evaluate(density), grid.Evaluate(score));
    }

    /// <summary>Gets the grid.</summary>
    public UniformGrid Grid { get; }

    /// <summary>Gets the density at each grid point.</summary>
    public IReadOnlyList<double> Density => _density;

    /// <summary>Gets the score at each grid point.</summary>
    public IReadOnlyList<double> Score => _score;

    /// <summary>
    /// Gets the weights that turn a sum over the grid into the expectation ∫ p(x) f(x) dx: the density times the
    /// trapezoid weights of the grid.
    /// </summary>
    /// <returns>A new array.</returns>
    internal double[] ExpectationWeights()
    {
        var weights = new double[_density.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var end = i == 0 || i == weights.Length - 1;
            weights[i] = _density[i] * Grid.Step * (end ? 0.5 : 1.0);
        }

        return weights;
    }
}
