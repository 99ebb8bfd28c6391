namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>The score model that <see cref="ScoreMatchingFit.Fit"/> fits.</summary>
public enum FitMethod
{
    /// <summary>
    /// Neural networks (<see cref="FitOptions.Model"/>) trained with Adam from several initialisations, with early
    /// stopping on a validation split, averaged and retrained on all the samples.
    /// </summary>
    Network,

    /// <summary>
    /// A <see cref="SplineScoreModel"/>: a cubic-spline score with knots at the samples' quantiles, whose
    /// finite-difference score-matching loss is minimised exactly, in the sinh-arcsinh or the affine coordinate and
    /// with the roughness penalty that give the highest cross-validated log-likelihood. Fast at any sample size, with
    /// power-law tails where the data call for them.
    /// </summary>
    Spline,
}
