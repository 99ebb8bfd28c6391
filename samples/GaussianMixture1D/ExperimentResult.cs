namespace GaussianMixture1D;

/// <summary>A fitted score on the grid at some epoch, with the pdf recovered from it.</summary>
internal sealed record FitSnapshot(int Epoch, double[] Score, double[] Pdf);

/// <summary>What one experiment produced: its loss history, the final fit, snapshots of the fit, and its metrics.</summary>
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
    public double FinalLoss => Losses[^1];

    public string Letter => Kind.Letter();

    public string Title => Kind.Title();

    public string FileStem => Kind.FileStem();
}
