using Samples.Common;
using Spectre.Console;

namespace GaussianMixture1D;

/// <summary>The command-line application: parse, check the output folder, run the study, write the results.</summary>
internal static class App
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var (options, message) = CommandLine.Parse(args);
        if (options is null)
        {
            if (message is null)
            {
                output.WriteLine(CommandLine.Usage);
                return Success;
            }

            error.WriteLine($"error: {message} (see --help)");
            return UsageError;
        }

        var folder = Path.GetFullPath(options.OutputFolder);
        if (!OutputFolder.TryPrepare(folder, out var reason))
        {
            error.WriteLine($"error: cannot write to the output folder '{folder}': {reason}");
            return UsageError;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });

        // Redirected output reports a width of 80, which would wrap the table's titles.
        console.Profile.Width = Math.Max(console.Profile.Width, 136);
        StudyData data;
        IReadOnlyList<ExperimentResult> results;
        try
        {
            data = StudyData.Create(options);
            var study = new Study(options, data);
            results = options.Quiet ? study.Run() : RunWithProgress(console, study, options);
        }
        catch (ArgumentException e)
        {
            // Values the parser accepts but the library rejects for this study (too few samples, a step or learning
            // rate beyond the dtype's range, ...): the library's message says which.
            error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")} (see --help)");
            return UsageError;
        }

        var written = OutputFolder.WriteAtomically(folder, staging =>
        {
            var files = Figures.WriteAll(staging, data, results).ToList();
            files.Add(Write(staging, "summary.md", Summary.ToMarkdown(results, options)));
            files.Add(Write(staging, "summary.csv", Summary.ToCsv(results)));
            files.Add(Write(staging, "losses.csv", Summary.LossesToCsv(results)));
            return files;
        });

        if (options.Quiet)
        {
            output.WriteLine($"wrote {written.Count} files to {folder}");
        }
        else
        {
            console.Write(Summary.ToTable(results));
            console.WriteLine($"Wrote {written.Count} files (summary.md, summary.csv, losses.csv and {written.Count - 3} figures) to {folder}");
        }

        return Success;
    }

    /// <summary>
    /// Runs the study with a progress bar per experiment, redrawn on the training thread between epochs. Spectre's own
    /// refresh thread is off: its allocations could set off a garbage collection during one of TorchSharp's native
    /// calls on the training thread, and the finalizer could then free a scalar that call still reads (see
    /// docs/reliability.md, "Determinism and threads").
    /// </summary>
    private static IReadOnlyList<ExperimentResult> RunWithProgress(IAnsiConsole console, Study study, StudyOptions options)
    {
        IReadOnlyList<ExperimentResult> results = [];
        console.Progress()
            .AutoRefresh(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var tasks = options.Experiments.ToDictionary(k => k, k => context.AddTask(Markup.Escape($"({k.Letter()}) {k.Title()}"), maxValue: 1.0));
                context.Refresh();
                results = study.Run((kind, fraction) =>
                {
                    tasks[kind].Value = fraction;
                    context.Refresh();
                });
            });
        return results;
    }

    private static string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
