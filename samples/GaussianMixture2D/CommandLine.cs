using Samples.Common;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace GaussianMixture2D;

/// <summary>
/// The command line, parsed by System.CommandLine: the options, their help text, and the translation of the parse into
/// <see cref="StudyOptions"/> or into one line that says what is wrong.
/// </summary>
internal static class CommandLine
{
    /// <summary>The most epochs a fit may run: beyond it a run would take hours, which is a mistake rather than a study.</summary>
    public const int MaxEpochs = 1_000_000;

    /// <summary>The most Langevin steps a run may take, plain or at each level, for the same reason.</summary>
    public const int MaxSteps = 100_000;

    /// <summary>The most samples or chains: the distances between samples cost their number squared.</summary>
    public const int MaxPoints = 100_000;

    private static readonly StudyOptions Defaults = new();

    /// <summary>What a run with <c>--quick</c> changes, unless the same option is also given: a run of a few seconds that still exercises every part of the study.</summary>
    private static readonly StudyOptions Quick = Defaults with
    {
        Samples = 256,
        Epochs = 20,
        NoiseEpochs = 20,
        Chains = 256,
        LangevinSteps = 16,
        StepsPerLevel = 4,
        FisherPoints = 2000,
    };

    private static readonly Option<string> Output = SampleOptions.OutputFolder(Defaults.OutputFolder);

    private static readonly Option<int> Seed = SampleOptions.Seed("The seed of the samples, the networks, the trainers and the chains.", Defaults.Seed);

    private static readonly Option<int> Samples = SampleOptions.PositiveInt("--samples", "The samples of the mixture that every fit learns from, and of each gallery set.", Defaults.Samples, MaxPoints);

    private static readonly Option<int> Epochs = SampleOptions.PositiveInt("--epochs", "Full-batch epochs of the finite-difference fits (1) and (2).", Defaults.Epochs, MaxEpochs);

    private static readonly Option<int> NoiseEpochs = SampleOptions.PositiveInt("--noise-epochs", "Full-batch epochs of each noise-conditional fit, (3) and the gallery's.", Defaults.NoiseEpochs, MaxEpochs);

    private static readonly Option<int> Hidden = SampleOptions.PositiveInt("--hidden", "Width of the hidden layer of the 2 → H → 2 ReLU network of (1) and (2).", Defaults.HiddenWidth, 4096);

    private static readonly Option<double> LearningRate = SampleOptions.PositiveDouble("--learning-rate", "Adam's learning rate for (1) and (2).", Defaults.LearningRate);

    private static readonly Option<double> NoiseLearningRate = SampleOptions.PositiveDouble("--noise-learning-rate", "Adam's learning rate for the first three quarters of each noise-conditional fit; a tenth of it for the last quarter.", Defaults.NoiseLearningRate);

    private static readonly Option<int> Chains = SampleOptions.PositiveInt("--chains", "Langevin chains, started uniformly on [-8, 8]²; at least 2, for the distances between samples.", Defaults.Chains, MaxPoints, minimum: 2);

    private static readonly Option<int> LangevinSteps = SampleOptions.PositiveInt("--langevin-steps", "Steps of plain Langevin dynamics for (1) and (2).", Defaults.LangevinSteps, MaxSteps);

    private static readonly Option<double> LangevinStepSize = SampleOptions.PositiveDouble("--langevin-step-size", "Step size of plain Langevin dynamics.", Defaults.LangevinStepSize);

    private static readonly Option<int> StepsPerLevel = SampleOptions.PositiveInt("--steps-per-level", "Steps of annealed Langevin dynamics at each of the ten noise levels.", Defaults.StepsPerLevel, MaxSteps);

    private static readonly Option<IReadOnlyList<ExperimentKind>> Experiments = new("--experiments")
    {
        Description = "Comma-separated experiments to run: coordinate (1), sliced (2), noise (3), by name or number. [default: all]",
        HelpName = "list",
        CustomParser = ParseExperiments,
    };

    private static readonly Option<bool> NoGallery = new("--no-gallery")
    {
        Description = "Skip the gallery of the four planar test sets.",
    };

    private static readonly Option<bool> QuickRun = new("--quick")
    {
        Description = "A smoke run of a few seconds: 256 samples and chains, 20 epochs, 16 Langevin steps, 4 steps per level; options given as well win.",
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress and no table; print only where the files went.",
    };

    private static readonly Command Root = new("GaussianMixture2D", """
        Fits the score of the two-dimensional mixture 0.4·N((-3,-3), I) + 0.4·N((3,3), I) + 0.2·N((-1,1), I) three ways
        (coordinate and sliced finite differences, noise-conditional denoising), samples each fit by Langevin dynamics,
        and writes the score fields, the chains, an animation of them, the loss curves, a table of metrics, and a gallery
        of four planar test sets fitted noise-conditionally.
        """)
    {
        Output, Seed, Samples, Epochs, NoiseEpochs, Hidden, LearningRate, NoiseLearningRate, Chains, LangevinSteps,
        LangevinStepSize, StepsPerLevel, Experiments, NoGallery, QuickRun, Quiet, new HelpOption(),
    };

    /// <summary>Gets the generated help text.</summary>
    public static string Usage => CommandLineText.Usage(Root);

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <returns>The options, or null with an error, or null with no error when help was asked for.</returns>
    public static (StudyOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var result = Root.Parse(args);
        if (CommandLineText.FirstError(result) is { } error)
        {
            return (null, error);
        }

        if (result.Action is HelpAction)
        {
            return (null, null);
        }

        var quick = result.GetValue(QuickRun);
        T Value<T>(Option<T> option, T quickValue) => quick && result.GetResult(option) is null or { Implicit: true } ? quickValue : result.GetValue(option)!;
        return (new StudyOptions
        {
            OutputFolder = result.GetValue(Output)!,
            Seed = result.GetValue(Seed),
            Samples = Value(Samples, Quick.Samples),
            Epochs = Value(Epochs, Quick.Epochs),
            NoiseEpochs = Value(NoiseEpochs, Quick.NoiseEpochs),
            HiddenWidth = result.GetValue(Hidden),
            LearningRate = result.GetValue(LearningRate),
            NoiseLearningRate = result.GetValue(NoiseLearningRate),
            Chains = Value(Chains, Quick.Chains),
            LangevinSteps = Value(LangevinSteps, Quick.LangevinSteps),
            LangevinStepSize = result.GetValue(LangevinStepSize),
            StepsPerLevel = Value(StepsPerLevel, Quick.StepsPerLevel),
            Experiments = result.GetValue(Experiments) ?? Defaults.Experiments,
            Gallery = !result.GetValue(NoGallery),
            Quiet = result.GetValue(Quiet),
            FisherPoints = quick ? Quick.FisherPoints : Defaults.FisherPoints,
        }, null);
    }

    private static IReadOnlyList<ExperimentKind> ParseExperiments(ArgumentResult result)
    {
        var value = SampleOptions.Single(result) ?? string.Empty;
        var kinds = new List<ExperimentKind>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kind = Enum.GetValues<ExperimentKind>().Where(k => part.Equals(k.Name(), StringComparison.OrdinalIgnoreCase) || part == k.Number()).Cast<ExperimentKind?>().FirstOrDefault();
            if (kind is null)
            {
                result.AddError($"--experiments takes coordinate, sliced or noise (or 1 to 3) separated by commas, not '{value}'");
                return [];
            }

            if (!kinds.Contains(kind.Value))
            {
                kinds.Add(kind.Value);
            }
        }

        if (kinds.Count == 0)
        {
            result.AddError("--experiments needs at least one of coordinate, sliced or noise");
        }

        return kinds.Order().ToList();
    }
}
