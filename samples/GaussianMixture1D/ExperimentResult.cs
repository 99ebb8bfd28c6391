namespace GaussianMixture1D;

/// <summary>A fitted score on the grid at some epoch, with the pdf recovered from it.</summary>
internal sealed record FitSnapshot(int Epoch, double[] Score, double[] Pdf);

/// <summary>
/// What one experiment produced: its loss history (empty for the one-call fit, whose method need not train by epochs),
/// the final fit, snapshots of the fit, its metrics, and for the one-call fit what its diagnostics say.
/// </summary>
internal sealed record ExperimentResult(
    ExperimentKind Kind,
    IReadOnlyList<double> Losses,
    FitSnapshot Final,
    IReadOnlyList<FitSnapshot> Evolution,
    double RelativeFisherDivergence,
    double L1Error,
    double LeftModeMass,
    TimeSpan TrainingTime)
{
    /// <summary>Gets the loss of the last epoch, or NaN when the experiment has no loss history.</summary>
    public double FinalLoss => Losses.Count > 0 ? Losses[^1] : double.NaN;

    /// <summary>Gets what fitted the score, as the legends name it.</summary>
    public string FittedBy { get; init; } = "fitted network";

    /// <summary>Gets the one-call fit's description of itself: method, smoothing, regions, δ. Empty for the other experiments.</summary>
    public string Diagnostics { get; init; } = string.Empty;

    /// <summary>Gets the one-call fit's warnings, as "Kind: message". Empty for the other experiments.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public string Letter => Kind.Letter();

    public string Title => Kind.Title();

    public string FileStem => Kind.FileStem();
}
