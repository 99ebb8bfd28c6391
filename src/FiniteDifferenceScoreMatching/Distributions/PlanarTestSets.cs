namespace FiniteDifferenceScoreMatching.Distributions;

/// <summary>
/// Seeded samplers of the two-dimensional test sets that score-based models are commonly shown on: eight Gaussians,
/// two moons, a checkerboard, rings, a pinwheel, a swiss roll and two spirals. Each returns a new [count, 2] array,
/// one point per row, drawn from <see cref="Random"/> alone, so that the same seed gives the same points. The sets
/// are scaled to lie mostly within [−4, 4]²; each method's remarks give its exact definition.
/// </summary>
public static class PlanarTestSets
{
    /// <summary>Eight equal Gaussians with standard deviation 0.35 centred on the circle of radius 2√2 at angles kπ/4.</summary>
    /// <param name="random">The source of randomness.</param>
    /// <param name="count">The number of points; positive.</param>
    /// <returns>A new [count, 2] array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero or negative.</exception>
    public static double[,] EightGaussians(Random random, int count) => Draw(random, count, (r, normal) =>
    {
        var angle = r.Next(8) * Math.PI / 4;
        var radius = 2 * Math.Sqrt(2);
        return ((radius * Math.Cos(angle)) + (0.35 * normal.Next()), (radius * Math.Sin(angle)) + (0.35 * normal.Next()));
    });

    /// <summary>
    /// Two interleaved half circles of radius 1, the upper centred at (0, 0) and the lower, opening upwards, at (1, 0.5),
    /// each point moved by normal noise of standard deviation 0.1, then shifted by (−0.5, −0.25) and scaled by 2.
    /// </summary>
    /// <param name="random">The source of randomness.</param>
    /// <param name="count">The number of points; positive.</param>
    /// <returns>A new [count, 2] array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero or negative.</exception>
    public static double[,] TwoMoons(Random random, int count) => Draw(random, count, (r, normal) =>
    {
        var t = Math.PI * r.NextDouble();
        var (x, y) = r.Next(2) == 0 ? (Math.Cos(t), Math.Sin(t)) : (1 - Math.Cos(t), 0.5 - Math.Sin(t));
        return (2 * (x + (0.1 * normal.Next()) - 0.5), 2 * (y + (0.1 * normal.Next()) - 0.25));
    });

    /// <summary>Uniform on the eight unit squares of [−2, 2]² whose lower-left corners (i, j) have i + j even.</summary>
    /// <param name="random">The source of randomness.</param>
    /// <param name="count">The number of points; positive.</param>
    /// <returns>A new [count, 2] array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero or negative.</exception>
    public static double[,] Checkerboard(Random random, int count) => Draw(random, count, (r, _) =>
    {
        var square = r.Next(8);
        var column = square % 4;
        var row = (2 * (square / 4)) + (column % 2);
        return (column - 2 + r.NextDouble(), row - 2 + r.NextDouble());
    });

    /// <summary>Four concentric rings of radii 0.75, 1.5, 2.25 and 3, equally likely, at a uniform angle, moved by normal noise of standard deviation 0.08.</summary>
    /// <param name="random">The source of randomness.</param>
    /// <param name="count">The number of points; positive.</param>
    /// <returns>A new [count, 2] array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero or negative.</exception>
    public static double[,] Rings(Random random, int count) => Draw(random, count, (r, normal) =>
    {
        var radius = 0.75 * (1 + r.Next(4));
        var angle = 2 * Math.PI * r.NextDouble();
        return ((radius * Math.Cos(angle)) + (0.08 * normal.Next()), (radius * Math.Sin(angle)) + (0.08 * normal.Next()));
    });

    /// <summary>
    /// Five arms: a point at radius 1 + 0.3 a and tangential offset 0.05 b (a, b standard normal) on arm k is turned by
    /// 2πk/5 + 0.25 e^(radius − 1), then scaled by 2.
    /// </summary>
    /// <param name="random">The source of randomness.</param>
    /// <param name="count">The number of points; positive.</param>
    /// <returns>A new [count, 2] array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero or negative.</exception>
    public static double[,] Pinwheel(Random random, int count) => Draw(random, count, (r, normal) =>
    {
        var radius = 1 + (0.3 * normal.Next());
        var across = 0.05 * normal.Next();
        var turn = (2 * Math.PI * r.Next(5) / 5) + (0.25 * Math.Exp(radius - 1));
        var (cos, sin) = (Math.Cos(turn), Math.Sin(turn));
        return (2 * ((cos * radius) - (sin * across)), 2 * ((sin * radius) + (cos * across)));
    });

    /// <summary>The points (t cos t, t sin t) / 4 for t uniform on [1.5π, 4.5π], moved by normal noise of standard deviation 0.1.</summary>
    /// <param name="random">The source of randomness.</param>
    /// <param name="count">The number of points; positive.</param>
    /// <returns>A new [count, 2] array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero or negative.</exception>
    public static double[,] SwissRoll(Random random, int count) => Draw(random, count, (r, normal) =>
    {
        var t = 1.5 * Math.PI * (1 + (2 * r.NextDouble()));
        return ((t * Math.Cos(t) / 4) + (0.1 * normal.Next()), (t * Math.Sin(t) / 4) + (0.1 * normal.Next()));
    });

    /// <summary>
    /// Two arms, each the mirror image of the other through the origin: (−t cos t, t sin t) / 3 with t = 3π √u, u
    /// uniform on [0, 1], moved by normal noise of standard deviation 0.1.
    /// </summary>
    /// <param name="random">The source of randomness.</param>
    /// <param name="count">The number of points; positive.</param>
    /// <returns>A new [count, 2] array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero or negative.</exception>
    public static double[,] TwoSpirals(Random random, int count) => Draw(random, count, (r, normal) =>
    {
        var t = 3 * Math.PI * Math.Sqrt(r.NextDouble());
        var sign = r.Next(2) == 0 ? 1 : -1;
        return ((sign * -t * Math.Cos(t) / 3) + (0.1 * normal.Next()), (sign * t * Math.Sin(t) / 3) + (0.1 * normal.Next()));
    });

    private static double[,] Draw(Random random, int count, Func<Random, StandardNormalSource, (double X, double Y)> point)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var normal = new StandardNormalSource(random);
        var points = new double[count, 2];
        for (var n = 0; n < count; n++)
        {
            (points[n, 0], points[n, 1]) = point(random, normal);
        }

        return points;
    }
}
