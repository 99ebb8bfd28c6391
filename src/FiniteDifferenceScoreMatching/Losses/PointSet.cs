using FiniteDifferenceScoreMatching.Models;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>The samples of a d-dimensional loss, one per row, checked once, and the check that a model takes them.</summary>
internal sealed class PointSet
{
    /// <summary>Keeps a copy of <paramref name="points"/>, after checking it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    /// <exception cref="ArgumentException">No point, no coordinate, or a value that is not finite.</exception>
    public PointSet(double[,] points, string parameterName)
    {
        Guard.ThrowIfBadPoints(points, parameterName);
        Points = (double[,])points.Clone();
    }

    /// <summary>Gets the points, one per row; the loss's own copy.</summary>
    public double[,] Points { get; }

    /// <summary>Gets the number of points N.</summary>
    public int Count => Points.GetLength(0);

    /// <summary>Gets the number of coordinates d.</summary>
    public int Dimension => Points.GetLength(1);

    /// <summary>Throws unless <paramref name="model"/> takes points of <see cref="Dimension"/> coordinates.</summary>
    /// <exception cref="ArgumentException">The model's dimension is another.</exception>
    public void ThrowIfOtherDimension(IScoreModel model)
    {
        if (model.Dimension != Dimension)
        {
            throw new ArgumentException($"The loss's samples have {Dimension} coordinates, but the model takes {model.Dimension}.", nameof(model));
        }
    }
}
