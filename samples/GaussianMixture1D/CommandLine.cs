using System.Globalization;
using FiniteDifferenceScoreMatching.Models;

namespace GaussianMixture1D;

/// <summary>Parses the command line into <see cref="StudyOptions"/>, or into a one-line error.</summary>
internal static class CommandLine
{
    /// <summary>The most epochs a phase may run: beyond it a run would take hours, which is a mistake rather than a study.</summary>
    public const int MaxEpochs = 1_000_000;

    public const string Usage = """
        Recomputes the one-dimensional Gaussian-mixture score-matching study with FiniteDifferenceScoreMatching.

        Usage: GaussianMixture1D [options]

        Options:
          --output <folder>        where the table and figures go (default: output)
          --samples <n>            samples of the mixture for experiments (d) and (e) (default: 1024)
          --few-samples <n>        samples for experiment (f) (default: 128)
          --epochs <n>             epochs of each training phase, at most 1,000,000 (default: 500)
          --seed <n>               seed of the samples and of the initial network (default: 12345)
          --hidden <n>             width of the hidden layer (default: 8)
          --activation <name>      relu, tanh, softplus or silu (default: relu)
          --learning-rate <x>      Adam's learning rate (default: 0.03)
          --delta <x>              finite-difference step (default: (max - min) / 2N of the points)
          --experiments <list>     comma-separated letters a-f (default: all)
                                     a explicit score matching       d finite differences on the samples
                                     b plain squared error           e (a) then (d)
                                     c finite differences on grid    f (d) with few samples
          --quiet                  no progress and no table; print only where the files went
          -h, --help               show this text
        """;

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <returns>The options, or null with an error, or null with no error when help was asked for.</returns>
    public static (StudyOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new StudyOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return (null, null);
            }

            if (name == "--quiet")
            {
                options = options with { Quiet = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return (null, name.StartsWith("--", StringComparison.Ordinal) ? $"option {name} needs a value" : $"unknown argument '{name}'");
            }

            var value = args[++i];
            string? error = null;
            options = name switch
            {
                "--output" => string.IsNullOrWhiteSpace(value) ? Fail(options, "--output needs a folder name", out error) : options with { OutputFolder = value },
                "--samples" => PositiveInt(value, name, out var n, out error) ? options with { Samples = n } : options,
                "--few-samples" => PositiveInt(value, name, out var f, out error) ? options with { FewSamples = f } : options,
                "--epochs" => PositiveInt(value, name, out var e, out error) && AtMost(e, MaxEpochs, name, out error) ? options with { Epochs = e } : options,
                "--seed" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? options with { Seed = s } : Fail(options, $"--seed must be an integer, not '{value}'", out error),
                "--hidden" => PositiveInt(value, name, out var h, out error) ? options with { HiddenWidth = h } : options,
                "--activation" => Enum.TryParse<Activation>(value, ignoreCase: true, out var a) && Enum.IsDefined(a) && !int.TryParse(value, out _)
                    ? options with { Activation = a }
                    : Fail(options, $"--activation must be relu, tanh, softplus or silu, not '{value}'", out error),
                "--learning-rate" => PositiveDouble(value, name, out var r, out error) ? options with { LearningRate = r } : options,
                "--delta" => PositiveDouble(value, name, out var d, out error) ? options with { Delta = d } : options,
                "--experiments" => Experiments(value, out var kinds, out error) ? options with { Experiments = kinds } : options,
                _ => Fail(options, $"unknown option '{name}'", out error),
            };
            if (error is not null)
            {
                return (null, error);
            }
        }

        return (options, null);
    }

    private static StudyOptions Fail(StudyOptions options, string message, out string? error)
    {
        error = message;
        return options;
    }

    private static bool PositiveInt(string value, string name, out int result, out string? error)
    {
        error = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out result) && result > 0
            ? null
            : $"{name} must be a positive whole number, not '{value}'";
        return error is null;
    }

    private static bool AtMost(int value, int limit, string name, out string? error)
    {
        error = value <= limit ? null : string.Create(CultureInfo.InvariantCulture, $"{name} must be at most {limit:N0}, not {value:N0}");
        return error is null;
    }

    private static bool PositiveDouble(string value, string name, out double result, out string? error)
    {
        error = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out result) && double.IsFinite(result) && result > 0
            ? null
            : $"{name} must be a finite positive number, not '{value}'";
        return error is null;
    }

    private static bool Experiments(string value, out IReadOnlyList<ExperimentKind> kinds, out string? error)
    {
        var list = new List<ExperimentKind>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Length != 1 || part[0] < 'a' || part[0] > 'f')
            {
                kinds = [];
                error = $"--experiments takes letters a to f separated by commas, not '{value}'";
                return false;
            }

            var kind = (ExperimentKind)(part[0] - 'a');
            if (!list.Contains(kind))
            {
                list.Add(kind);
            }
        }

        if (list.Count == 0)
        {
            kinds = [];
            error = "--experiments needs at least one of a to f";
            return false;
        }

        kinds = list.Order().ToList();
        error = null;
        return true;
    }
}
