using Samples.Common;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using FiniteDifferenceScoreMatching.Models;

namespace GaussianMixture1D;

/// <summary>
/// The command line, parsed by System.CommandLine: the options, their help text, and the translation of the parse into
/// <see cref="StudyOptions"/> or into one line that says what is wrong.
/// </summary>
internal static class CommandLine
{
    /// <summary>The most epochs a phase may run: beyond it a run would take hours, which is a mistake rather than a study.</summary>
    public const int MaxEpochs = 1_000_000;

    /// <summary>The most samples: the sample losses cost their number per epoch, and more would not fit in memory.</summary>
    public const int MaxSamples = 10_000_000;

    private static readonly StudyOptions Defaults = new();

    private static readonly Option<string> Output = SampleOptions.OutputFolder(Defaults.OutputFolder);

    private static readonly Option<int> Samples = SampleOptions.PositiveInt("--samples", "Samples of the mixture for experiments (d), (e) and (g).", Defaults.Samples, MaxSamples);

    private static readonly Option<int> FewSamples = SampleOptions.PositiveInt("--few-samples", "Samples of the mixture for experiment (f).", Defaults.FewSamples, MaxSamples);

    private static readonly Option<int> Epochs = SampleOptions.PositiveInt("--epochs", "Full-batch epochs of each training phase, at most 1,000,000.", Defaults.Epochs, MaxEpochs);

    private static readonly Option<int> Seed = SampleOptions.Seed("The seed of the samples, of the initial network and of the one-call fit (g).", Defaults.Seed);

    private static readonly Option<int> Hidden = SampleOptions.PositiveInt("--hidden", "Width of the hidden layer of the 1 → H → 1 network.", Defaults.HiddenWidth, 4096);

    // Without a default value, so that the help can write the default in lower case, as it is typed.
    private static readonly Option<Activation?> ActivationOption = new("--activation")
    {
        Description = $"Activation of the network: relu, tanh, softplus or silu. [default: {Defaults.Activation.ToString().ToLowerInvariant()}]",
        HelpName = "name",
        CustomParser = result =>
        {
            var value = SampleOptions.Single(result) ?? string.Empty;
            var match = Enum.GetValues<Activation>().Where(a => value.Equals(a.ToString(), StringComparison.OrdinalIgnoreCase)).Cast<Activation?>().FirstOrDefault();
            if (match is null)
            {
                result.AddError($"--activation must be relu, tanh, softplus or silu, not '{value}'");
            }

            return match;
        },
    };

    private static readonly Option<double> LearningRate = new("--learning-rate")
    {
        Description = "Adam's learning rate.",
        HelpName = "x",
        DefaultValueFactory = _ => Defaults.LearningRate,
        CustomParser = result => SampleOptions.PositiveDouble(result, "--learning-rate"),
    };

    private static readonly Option<double?> Delta = new("--delta")
    {
        Description = "The finite-difference step of (c) to (f). [default: (max - min) / 2N of the points]",
        HelpName = "x",
        CustomParser = result => SampleOptions.PositiveDouble(result, "--delta"),
    };

    private static readonly Option<IReadOnlyList<ExperimentKind>> Experiments = new("--experiments")
    {
        Description = "Comma-separated letters of the experiments to run: (a) explicit score matching, (b) plain squared error, "
            + "(c) finite differences on the grid, (d) finite differences on the samples, (e) (a) then (d), "
            + "(f) (d) with few samples, (g) the library's one-call fit, ScoreMatchingFit.Fit, with its defaults. [default: all]",
        HelpName = "list",
        CustomParser = ParseExperiments,
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress and no table; print only where the files went.",
    };

    private static readonly Command Root = new("GaussianMixture1D", """
        Recomputes the one-dimensional score-matching study of the mixture 0.1·N(-3, 1) + 0.9·N(3, 1): a 1 → 8 → 1
        network fitted six ways (a to f) and the library's one-call fit (g), with the density recovered from each
        score; writes the figures, the loss histories and a table of metrics.
        """)
    {
        Output, Samples, FewSamples, Epochs, Seed, Hidden, ActivationOption, LearningRate, Delta, Experiments, Quiet, new HelpOption(),
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

        return (new StudyOptions
        {
            OutputFolder = result.GetValue(Output)!,
            Samples = result.GetValue(Samples),
            FewSamples = result.GetValue(FewSamples),
            Epochs = result.GetValue(Epochs),
            Seed = result.GetValue(Seed),
            HiddenWidth = result.GetValue(Hidden),
            Activation = result.GetValue(ActivationOption) ?? Defaults.Activation,
            LearningRate = result.GetValue(LearningRate),
            Delta = result.GetValue(Delta),
            Experiments = result.GetValue(Experiments) ?? Defaults.Experiments,
            Quiet = result.GetValue(Quiet),
        }, null);
    }

    private static IReadOnlyList<ExperimentKind> ParseExperiments(ArgumentResult result)
    {
        var value = SampleOptions.Single(result) ?? string.Empty;
        var last = Enum.GetValues<ExperimentKind>().Max().Letter();
        var kinds = new List<ExperimentKind>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kind = Enum.GetValues<ExperimentKind>().Where(k => part.Equals(k.Letter(), StringComparison.OrdinalIgnoreCase)).Cast<ExperimentKind?>().FirstOrDefault();
            if (kind is null)
            {
                result.AddError($"--experiments takes letters a to {last} separated by commas, not '{value}'");
                return [];
            }

            if (!kinds.Contains(kind.Value))
            {
                kinds.Add(kind.Value);
            }
        }

        if (kinds.Count == 0)
        {
            result.AddError($"--experiments needs at least one of a to {last}");
        }

        return kinds.Order().ToList();
    }
}
