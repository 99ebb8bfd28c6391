using System.Globalization;

namespace FitQuality.Suite;

/// <summary>What a suite run covers and where it writes, from the command line.</summary>
internal sealed record SuiteOptions
{
    /// <summary>The usage text of the suite mode.</summary>
    public const string Usage = """
        Usage: FitQuality --suite [options]

        Fits every estimator to sample sets of every distribution of the suite and reports the L1 distance to the true
        density and the held-out log-likelihood, as markdown on the standard output and in <out>/suite.md, and every
        row in <out>/suite.csv.

        Options:
          --sizes <n,n,...>          sample sizes (default: 128,1024,8192)
          --sets <k>                 sample sets per distribution and size (default: 10)
          --distributions <list>     names, or tuning, held-out, all (default: all)
          --estimators <list>        fit, scott, silverman, isj, lcv (default: all five)
          --out <dir>                output directory (default: output/suite beside FitQuality.csproj)
          --figures <dir>            instead of the suite, draw the truth, the fit and lcv for the first sample set of each
                                     distribution at the largest of --sizes, one PNG per distribution, into <dir>
          --check                    check the distributions, the metrics and the kernel estimates, then stop
        """;

    /// <summary>Gets the sample sizes, ascending.</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [128, 1024, 8192];

    /// <summary>Gets the number of sample sets per distribution and size.</summary>
    public int Sets { get; init; } = 10;

    /// <summary>Gets the distributions, in suite order.</summary>
    public IReadOnlyList<SuiteDistribution> Distributions { get; init; } = DistributionSuite.All;

    /// <summary>Gets the names of the estimators, in catalogue order.</summary>
    public IReadOnlyList<string> Estimators { get; init; } = EstimatorCatalog.Names;

    /// <summary>Gets the output directory.</summary>
    public string OutputDirectory { get; init; } = DefaultOutputDirectory();

    /// <summary>Gets the directory to draw the figures into instead of running the suite; null to run it.</summary>
    public string? FiguresDirectory { get; init; }

    /// <summary>Gets a value indicating whether to run the checks instead of the suite.</summary>
    public bool Check { get; init; }

    /// <summary>Gets a value indicating whether the usage was asked for.</summary>
    public bool Help { get; init; }

    /// <summary>Reads the options.</summary>
    /// <param name="args">The arguments after <c>--suite</c>.</param>
    /// <returns>The options.</returns>
    /// <exception cref="FormatException">An unknown option, a missing or malformed value.</exception>
    public static SuiteOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SuiteOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                return options with { Help = true };
            }

            if (name == "--check")
            {
                options = options with { Check = true };
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value");
            options = name switch
            {
                "--sizes" => options with { Sizes = ParseList(value, name).Select(s => ParsePositive(s, name)).Distinct().Order().ToList() },
                "--sets" => options with { Sets = ParsePositive(value, name) },
                "--distributions" => options with { Distributions = DistributionSuite.Select(value) },
                "--estimators" => options with { Estimators = ParseEstimators(value) },
                "--out" => options with { OutputDirectory = value },
                "--figures" => options with { FiguresDirectory = value },
                _ => throw new FormatException($"unknown option '{name}'"),
            };
        }

        if (options.Sizes.Any(n => n < 2))
        {
            throw new FormatException("every sample size must be at least 2");
        }

        return options;
    }

    /// <summary>output/suite in the folder of FitQuality.csproj, found upwards from the executable (the working directory if not found).</summary>
    private static string DefaultOutputDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FitQuality.csproj")))
            {
                return Path.Combine(directory.FullName, "output", "suite");
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "output", "suite");
    }

    private static string[] ParseList(string value, string name)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Length > 0 ? items : throw new FormatException($"{name} needs at least one value");
    }

    private static int ParsePositive(string value, string name) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new FormatException($"{name} takes positive whole numbers, not '{value}'");

    private static List<string> ParseEstimators(string value)
    {
        var chosen = ParseList(value, "--estimators").Select(s => s.ToLowerInvariant()).ToHashSet();
        var unknown = chosen.FirstOrDefault(name => !EstimatorCatalog.Names.Contains(name));
        if (unknown is not null)
        {
            throw new FormatException($"unknown estimator '{unknown}'; the suite has {string.Join(", ", EstimatorCatalog.Names)}");
        }

        return EstimatorCatalog.Names.Where(chosen.Contains).ToList();
    }
}
