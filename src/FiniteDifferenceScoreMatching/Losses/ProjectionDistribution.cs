namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>The distribution of the random directions v of <see cref="SlicedScoreMatchingLoss"/>; each has E[v vᵀ] = I.</summary>
public enum ProjectionDistribution
{
    /// <summary>Standard normal coordinates.</summary>
    Gaussian,

    /// <summary>Coordinates ±1 with equal probability.</summary>
    Rademacher,

    /// <summary>Uniform on the sphere of radius √d.</summary>
    Sphere,
}
