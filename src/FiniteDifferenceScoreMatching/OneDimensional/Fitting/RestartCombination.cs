namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>How <see cref="ScoreMatchingFit.Fit"/> turns its restarts into one model.</summary>
public enum RestartCombination
{
    /// <summary>
    /// The mean of all the restarts' scores, each restart at its own best epoch (an <see cref="Models.EnsembleMeanScoreModel"/>):
    /// the density is the normalised geometric mean of the restarts' densities. It removes much of the dependence on
    /// the initialisation that the validation loss, noisy next to the differences between restarts, cannot remove by
    /// choosing.
    /// </summary>
    Average,

    /// <summary>The restart with the lowest validation loss alone (an <see cref="Models.MlpScoreModel"/>).</summary>
    Best,
}
