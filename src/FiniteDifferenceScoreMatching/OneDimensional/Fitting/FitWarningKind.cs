namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

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
    NonFinite,

    /// <summary>
    /// The fitted distribution function departs from the samples' empirical one by more than the 1 % critical value of
    /// the Kolmogorov–Smirnov test, 1.63 / √N, compared between distinct sample values so that repeated values do not
    /// count against it: the density misses a feature of the very samples it was fitted to, such as a jump, a narrow
    /// spike or a cluster.
    /// </summary>
    DepartsFromSamples,

    /// <summary>
    /// The smallest or the largest sample lies so far out that, under the fitted density, the chance that any of the N
    /// samples reaches it is below one in ten thousand: the fitted tail falls faster than the samples' (or that sample
    /// is an outlier of another origin).
    /// </summary>
    TailLighterThanSamples,

    /// <summary>
    /// The densities fitted to different four fifths of the samples differ by more than 0.25 in L1 distance on average
    /// (<see cref="FitDiagnostics.FoldDisagreement"/>): the samples are few for the detail they show, and the density
    /// returned is uncertain by at least as much.
    /// </summary>
    Uncertain,

    /// <summary>
    /// A <see cref="FitMethod.Network"/> fit was cancelled while it ran: it returns the best parameters its restarts had
    /// reached, without the refit or with a stopped one, so the density is that of networks trained for fewer epochs
    /// than early stopping would have chosen.
    /// </summary>
    Cancelled,
}
