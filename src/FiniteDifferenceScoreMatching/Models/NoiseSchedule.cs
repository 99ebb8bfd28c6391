using System.Globalization;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// The noise levels σ₁ &gt; σ₂ &gt; … &gt; σ_L of a noise-conditional score model, largest first, as in Song and Ermon
/// (2019): the largest about the largest distance between data points, so that the noised density has no gaps; the
/// smallest small enough that its noised density is close to the data's.
/// </summary>
public sealed class NoiseSchedule
{
    private readonly double[] _levels;

    private NoiseSchedule(double[] levels) => _levels = levels;

    /// <summary>Gets the levels, largest first.</summary>
    public IReadOnlyList<double> Levels => _levels;

    /// <summary>Gets the number of levels L.</summary>
    public int Count => _levels.Length;

    /// <summary>Gets the largest level σ₁.</summary>
    public double Largest => _levels[0];

    /// <summary>Gets the smallest level σ_L.</summary>
    public double Smallest => _levels[^1];

    /// <summary>Creates L levels in geometric progression from <paramref name="largest"/> down to <paramref name="smallest"/>.</summary>
    /// <param name="largest">σ₁: finite and positive.</param>
    /// <param name="smallest">σ_L: finite, positive, and below <paramref name="largest"/> (or equal, for one level).</param>
    /// <param name="count">L: at least 1 (a single level must have <paramref name="largest"/> = <paramref name="smallest"/>).</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A level is not finite and positive, the levels are in the wrong order, or the count is out of range.</exception>
    public static NoiseSchedule Geometric(double largest, double smallest, int count)
    {
        Guard.ThrowIfNotFinitePositive(largest, nameof(largest));
        Guard.ThrowIfNotFinitePositive(smallest, nameof(smallest));
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (count == 1 ? smallest != largest : smallest >= largest)
        {
            throw new ArgumentOutOfRangeException(nameof(smallest), smallest, string.Create(CultureInfo.InvariantCulture, $"The smallest level must be below the largest, {largest}, for {count} levels (equal to it for one)."));
        }

        var levels = new double[count];
        var ratio = count == 1 ? 1 : Math.Pow(smallest / largest, 1.0 / (count - 1));
        for (var i = 0; i < count; i++)
        {
            levels[i] = i == count - 1 ? smallest : largest * Math.Pow(ratio, i);
        }

        return new NoiseSchedule(levels);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Count} levels, {Largest:G4} to {Smallest:G4}");
}
