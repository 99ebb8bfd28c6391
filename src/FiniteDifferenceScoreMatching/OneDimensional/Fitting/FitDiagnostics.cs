using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>
/// How a fit went: for <see cref="FitMethod.Network"/> every restart's history, the one chosen and the retraining; for
/// <see cref="FitMethod.Spline"/> the penalties tried; for both the regions given the samples' shares and the warnings.
/// </summary>
public sealed class FitDiagnostics
{
    internal FitDiagnostics(
        IReadOnlyList<RestartReport> restarts,
        int chosenRestart,
        RestartCombination combination,
        TrainingResult? refit,
        IReadOnlyList<FitWarning> warnings,
        int trainingSampleCount,
        int validationSampleCount,
        double delta,
        double curvaturePenalty,
        TimeSpan elapsed)
    {
        Restarts = restarts;
        ChosenRestart = chosenRestart;
        Combination = combination;
        Refit = refit;
        Warnings = warnings;
        TrainingSampleCount = trainingSampleCount;
        ValidationSampleCount = validationSampleCount;
        Delta = delta;
        CurvaturePenalty = curvaturePenalty;
        Elapsed = elapsed;
    }

    /// <summary>Gets every restart, in order, with its training losses and validation curve; empty for <see cref="FitMethod.Spline"/>.</summary>
    public IReadOnlyList<RestartReport> Restarts { get; }

    /// <summary>
    /// Gets the index of the restart with the lowest validation loss: the model returned with
    /// <see cref="RestartCombination.Best"/>, and the best of those averaged with <see cref="RestartCombination.Average"/>;
    /// −1 for <see cref="FitMethod.Spline"/>.
    /// </summary>
    public int ChosenRestart { get; }

    /// <summary>Gets how the restarts were turned into the model returned.</summary>
    public RestartCombination Combination { get; }

    /// <summary>
    /// Gets the retraining on all the samples of the initialisations that make up the model (all the restarts, or the
    /// chosen one), each for its own best epoch count, trained together; member k's history belongs to the k-th of them.
    /// The fit returns its model. <see langword="null"/> when there was none (<see cref="FitOptions.RefitOnAllSamples"/>
    /// off, best epochs of 0, or cancellation before it began); if it did not complete (a loss or update that was not
    /// finite, or cancellation while it ran, shown by its stop reason), the restarts' own networks are returned.
    /// </summary>
    public TrainingResult? Refit { get; }

    /// <summary>Gets signs that the fit may be poor; empty when there are none.</summary>
    public IReadOnlyList<FitWarning> Warnings { get; }

    /// <summary>Gets the number of samples the networks were trained on.</summary>
    public int TrainingSampleCount { get; }

    /// <summary>Gets the number of samples held out to score them.</summary>
    public int ValidationSampleCount { get; }

    /// <summary>
    /// Gets the finite-difference step δ: for <see cref="FitMethod.Network"/> that of both losses, in the samples' units
    /// (the losses of a standardised fit use δ / s); for <see cref="FitMethod.Spline"/> that of the spline's coordinate u.
    /// </summary>
    public double Delta { get; }

    /// <summary>Gets the weight λ of the curvature penalty the networks were trained with; 0 for <see cref="FitMethod.Spline"/>.</summary>
    public double CurvaturePenalty { get; }

    /// <summary>Gets the wall-clock time of the whole fit, pdf included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Gets the method that was fitted.</summary>
    public FitMethod Method { get; internal init; }

    /// <summary>
    /// Gets, for <see cref="FitMethod.Spline"/>, every roughness penalty tried and its cross-validated log-likelihood;
    /// empty for <see cref="FitMethod.Network"/>.
    /// </summary>
    public IReadOnlyList<SmoothingCandidate> Smoothing { get; internal init; } = [];

    /// <summary>Gets the index in <see cref="Smoothing"/> of the penalty chosen, that of the highest log-likelihood; −1 when there is none.</summary>
    public int ChosenSmoothing { get; internal init; } = -1;

    /// <summary>
    /// Gets the regions, separated by empty gaps, whose masses were set to the samples' shares (see
    /// <see cref="FitOptions.MixingProportions"/>); one region, the whole line, when none were.
    /// </summary>
    public IReadOnlyList<Density.DensityRegion> Regions { get; internal init; } = [];

    /// <summary>
    /// Gets a value indicating whether <see cref="FitMethod.Spline"/> fitted each of the <see cref="Regions"/> on its own
    /// samples, with its own coordinate, knots and penalty, and returned the mixture of those fits weighted by the
    /// regions' shares, because that predicted held-out samples better than one fit of them all.
    /// <see cref="Smoothing"/> is then that of the fit of all the samples, which found the regions.
    /// </summary>
    public bool FittedByRegion { get; internal init; }

    /// <summary>
    /// Gets, for <see cref="FitMethod.Spline"/>, the mean L1 distance between the densities fitted with the chosen
    /// setting to the training sets of pairs of cross-validation folds (each four fifths of the samples, sharing three):
    /// how far the answer moves when a fifth of the samples is exchanged, an estimate of the size of its sampling
    /// error; for a fit by region, the regions' values weighted by their masses. NaN for <see cref="FitMethod.Network"/>.
    /// </summary>
    public double FoldDisagreement { get; internal init; } = double.NaN;

    /// <summary>Gets the chosen restart.</summary>
    /// <exception cref="InvalidOperationException">The fit was not <see cref="FitMethod.Network"/> and has no restarts.</exception>
    public RestartReport Chosen => ChosenRestart >= 0 ? Restarts[ChosenRestart] : throw new InvalidOperationException($"A {Method} fit has no restarts.");

    /// <summary>Gets the chosen restart's validation curve: training and validation losses at every evaluation; empty without restarts.</summary>
    public IReadOnlyList<ValidationCheck> ValidationCurve => ChosenRestart >= 0 ? Chosen.History.Checks : [];

    /// <summary>Gets a value indicating whether there is any warning.</summary>
    public bool HasWarnings => Warnings.Count > 0;

    /// <summary>Gets a value indicating whether there is a warning of the given kind.</summary>
    /// <param name="kind">The kind to look for.</param>
    /// <returns><see langword="true"/> if <see cref="Warnings"/> holds one of that kind.</returns>
    public bool HasWarning(FitWarningKind kind) => Warnings.Any(w => w.Kind == kind);
}
