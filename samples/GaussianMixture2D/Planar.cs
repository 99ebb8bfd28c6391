namespace GaussianMixture2D;

/// <summary>Small helpers over planar points held as the rows of an [N, 2] array.</summary>
internal static class Planar
{
    /// <summary>Draws <paramref name="count"/> points uniformly on [−<paramref name="extent"/>, <paramref name="extent"/>]².</summary>
    public static double[,] Uniform(Random random, int count, double extent)
    {
        var points = new double[count, 2];
        for (var n = 0; n < count; n++)
        {
            points[n, 0] = extent * ((2 * random.NextDouble()) - 1);
            points[n, 1] = extent * ((2 * random.NextDouble()) - 1);
        }

        return points;
    }

    /// <summary>The first coordinates.</summary>
    public static double[] Xs(double[,] points) => Column(points, 0);

    /// <summary>The second coordinates.</summary>
    public static double[] Ys(double[,] points) => Column(points, 1);

    /// <summary>The rows whose coordinates are all finite, and how many were not.</summary>
    public static (double[,] Finite, int Lost) FiniteRows(double[,] points)
    {
        var keep = Enumerable.Range(0, points.GetLength(0)).Where(n => double.IsFinite(points[n, 0]) && double.IsFinite(points[n, 1])).ToArray();
        var finite = new double[keep.Length, 2];
        for (var k = 0; k < keep.Length; k++)
        {
            finite[k, 0] = points[keep[k], 0];
            finite[k, 1] = points[keep[k], 1];
        }

        return (finite, points.GetLength(0) - keep.Length);
    }

    /// <summary>The nodes of a square grid of <paramref name="count"/> × <paramref name="count"/> points on [−extent, extent]², row by row from the bottom.</summary>
    public static double[,] Grid(int count, double extent)
    {
        var points = new double[count * count, 2];
        for (var j = 0; j < count; j++)
        {
            for (var i = 0; i < count; i++)
            {
                points[(j * count) + i, 0] = -extent + (2 * extent * i / (count - 1));
                points[(j * count) + i, 1] = -extent + (2 * extent * j / (count - 1));
            }
        }

        return points;
    }

    private static double[] Column(double[,] points, int column)
    {
        var values = new double[points.GetLength(0)];
        for (var n = 0; n < values.Length; n++)
        {
            values[n] = points[n, column];
        }

        return values;
    }
}
