namespace FitQuality.Suite;

/// <summary>A way of estimating a density from samples: a kernel density estimate with some bandwidth rule, or a score-matching fit.</summary>
internal interface IDensityEstimator
{
    /// <summary>Gets the short name used on the command line and in the tables.</summary>
    string Name { get; }

    /// <summary>Estimates the density of <paramref name="samples"/>.</summary>
    /// <param name="samples">The samples, in the order drawn; not changed.</param>
    /// <param name="sampleSetIndex">The index of the sample set, from 0, for estimators that need a seed of their own.</param>
    /// <returns>The estimate, which the caller disposes.</returns>
    IFittedDensity Fit(double[] samples, int sampleSetIndex);
}
