namespace FiniteDifferenceScoreMatching.Fitting;

/// <summary>What a <see cref="FitWarning"/> is about.</summary>
public enum FitWarningKind
{
    /// <summary>
    /// After its best epoch, the chosen restart's validation loss rose by more than one standard error (see
    /// <see cref="RestartReport.ValidationStandardError"/>) while its training loss kept falling: the network was
    /// fitting the training samples rather than the distribution. Early stopping kept the parameters of the best
    /// epoch, but the samples are few for the network's capacity; more samples, a smaller network or a stronger
    /// curvature penalty would help.
    /// </summary>
    ValidationLossRose,

    /// <summary>
    /// The samples leave an empty gap between two groups of samples wider than
    /// <see cref="FitOptions.EmptyGapWidth"/> kernel bandwidths (Silverman's rule), with at least max(5, N/50)
    /// samples on each side. The score says nothing about how much mass lies on either side of a region without
    /// samples, so the relative weights of the groups in the recovered pdf are poorly determined.
    /// </summary>
    EmptyGap,

    /// <summary>
    /// The densities recovered from two restarts differ by more than <see cref="FitOptions.RestartDisagreement"/> in
    /// L1 distance: the fit depends on the initialisation, and the validation loss chose between answers that the
    /// samples do not tell apart well. More samples, or more restarts, would help.
    /// </summary>
    RestartsDisagree,

    /// <summary>A restart stopped because its loss or parameters stopped being finite; it competed with the parameters it had before.</summary>
    Diverged,
}
