namespace GaussianMixture2D;

/// <summary>What one experiment produced: its loss history, its score field, its chains, and its metrics.</summary>
/// <param name="Kind">The experiment.</param>
/// <param name="Losses">The loss of every epoch.</param>
/// <param name="Field">The fitted score at the nodes of <see cref="Study.FieldGrid"/>, one row per node.</param>
/// <param name="RelativeFisherDivergence">E‖ψ − ∇ log p‖² / E‖∇ log p‖² over fresh samples of the truth.</param>
/// <param name="RelativeFisherDivergenceByLevel">For a noise-conditional model, the same at each level σ against the noised mixture's score; null otherwise.</param>
/// <param name="Density">The density recovered from the fitted score field alone.</param>
/// <param name="GuidedDensity">The density recovered from the fitted field where the samples are, and from their kernel estimate's where they are not.</param>
/// <param name="Sampling">The Langevin run: plain for (1) and (2), annealed for (3).</param>
/// <param name="TrainingTime">The time training took.</param>
internal sealed record ExperimentResult(
    ExperimentKind Kind,
    IReadOnlyList<double> Losses,
    double[,] Field,
    double RelativeFisherDivergence,
    IReadOnlyList<double>? RelativeFisherDivergenceByLevel,
    RecoveredDensity Density,
    RecoveredDensity GuidedDensity,
    SamplingRun Sampling,
    TimeSpan TrainingTime)
{
    public double FinalLoss => Losses[^1];

    public string Number => Kind.Number();

    public string Title => Kind.Title();

    public string FileStem => Kind.FileStem();
}
