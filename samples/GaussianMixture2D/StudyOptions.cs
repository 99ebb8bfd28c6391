using FiniteDifferenceScoreMatching.Models;

namespace GaussianMixture2D;

/// <summary>The knobs of the study; the defaults are the study as documented in docs/sample-2d-walkthrough.md.</summary>
internal sealed record StudyOptions
{
    public string OutputFolder { get; init; } = "output";

    /// <summary>The seed of the samples, the networks' initialisation, the trainers and the chains.</summary>
    public int Seed { get; init; } = 12345;

    /// <summary>The samples of the mixture that every fit learns from.</summary>
    public int Samples { get; init; } = 1024;

    /// <summary>The full-batch epochs of the finite-difference fits, (1) and (2).</summary>
    public int Epochs { get; init; } = 2000;

    /// <summary>The full-batch epochs of each noise-conditional fit, (3) and the gallery's.</summary>
    public int NoiseEpochs { get; init; } = 3000;

    /// <summary>The width of the hidden layer of the finite-difference fits' 2 → H → 2 network.</summary>
    public int HiddenWidth { get; init; } = 16;

    /// <summary>Adam's learning rate for the finite-difference fits.</summary>
    public double LearningRate { get; init; } = 0.003;

    /// <summary>Adam's learning rate for the first three quarters of each noise-conditional fit; the last quarter runs at a tenth of it.</summary>
    public double NoiseLearningRate { get; init; } = 0.003;

    /// <summary>The number of Langevin chains, started uniformly on the plotted square.</summary>
    public int Chains { get; init; } = 1024;

    /// <summary>The steps of plain Langevin dynamics: 128 steps of 0.078 run to t ≈ 10.</summary>
    public int LangevinSteps { get; init; } = 128;

    public double LangevinStepSize { get; init; } = 0.078;

    /// <summary>The steps of annealed Langevin dynamics at each of the ten levels.</summary>
    public int StepsPerLevel { get; init; } = 100;

    public IReadOnlyList<ExperimentKind> Experiments { get; init; } = Enum.GetValues<ExperimentKind>();

    /// <summary>Whether to fit and sample the four planar test sets as well.</summary>
    public bool Gallery { get; init; } = true;

    public bool Quiet { get; init; }

    /// <summary>The points at which each fitted score is compared with the true one.</summary>
    public int FisherPoints { get; init; } = 20_000;

    /// <summary>The noise levels of every noise-conditional model: ten, from 10 down to 0.01.</summary>
    public static NoiseSchedule Noise { get; } = NoiseSchedule.Geometric(10, 0.01, 10);

    /// <summary>The half-width of the square [−8, 8]² that the chains start on and the figures show.</summary>
    public const double Extent = 8;
}
