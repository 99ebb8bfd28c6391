namespace FiniteDifferenceScoreMatching;

/// <summary>Argument checks shared across the library, with messages that show the offending value.</summary>
internal static class Guard
{
    /// <summary>Throws when <paramref name="values"/> is null, or when any value is NaN or infinite.</summary>
    public static void ThrowIfAnyNotFinite(IReadOnlyList<double> values, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(values, parameterName);
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"Every value must be finite, but the value at index {i} is {values[i]}.", parameterName);
            }
        }
    }

    /// <summary>Throws when <paramref name="value"/> is NaN or infinite.</summary>
    public static void ThrowIfNotFinite(double value, string parameterName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "The value must be finite.");
        }
    }

    /// <summary>Throws when <paramref name="value"/> is NaN, infinite, zero or negative.</summary>
    public static void ThrowIfNotFinitePositive(double value, string parameterName)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "The value must be finite and positive.");
        }
    }

    /// <summary>Throws when <paramref name="value"/> is NaN, infinite or negative.</summary>
    public static void ThrowIfNegativeOrNotFinite(double value, string parameterName)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "The value must be finite and not negative.");
        }
    }

    /// <summary>Throws when <paramref name="points"/> is null, has no row or no column, or holds a value that is NaN or infinite.</summary>
    public static void ThrowIfBadPoints(double[,] points, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(points, parameterName);
        if (points.GetLength(0) == 0 || points.GetLength(1) == 0)
        {
            throw new ArgumentException($"At least one point of at least one coordinate is needed, but the array is {points.GetLength(0)} × {points.GetLength(1)}.", parameterName);
        }

        for (var n = 0; n < points.GetLength(0); n++)
        {
            for (var i = 0; i < points.GetLength(1); i++)
            {
                if (!double.IsFinite(points[n, i]))
                {
                    throw new ArgumentException($"Every coordinate must be finite, but coordinate {i} of point {n} is {points[n, i]}.", parameterName);
                }
            }
        }
    }

    /// <summary>Throws unless <paramref name="points"/> is an [N, d] array (N may be 0) of finite values with <paramref name="dimension"/> columns.</summary>
    /// <param name="points">The points, one per row.</param>
    /// <param name="dimension">The number of coordinates d each point must have.</param>
    /// <param name="parameterName">The name the exceptions give.</param>
    public static void ThrowIfBadPoints(double[,] points, int dimension, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(points, parameterName);
        if (points.GetLength(1) != dimension)
        {
            throw new ArgumentException($"The points must have {dimension} columns, one per coordinate, but have {points.GetLength(1)}.", parameterName);
        }

        for (var n = 0; n < points.GetLength(0); n++)
        {
            for (var i = 0; i < dimension; i++)
            {
                if (!double.IsFinite(points[n, i]))
                {
                    throw new ArgumentException($"Every coordinate must be finite, but coordinate {i} of point {n} is {points[n, i]}.", parameterName);
                }
            }
        }
    }
}
