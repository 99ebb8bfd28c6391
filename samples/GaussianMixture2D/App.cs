using Samples.Common;
using System.Diagnostics;
using Spectre.Console;

namespace GaussianMixture2D;

/// <summary>The command-line application: parse, check the output folder, run the study and the gallery, write the results.</summary>
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
        console.Profile.Width = Math.Max(console.Profile.Width, 176);
        var watch = Stopwatch.StartNew();
        Results results;
        try
        {
            results = options.Quiet ? Compute(options, null) : RunWithProgress(console, options);
        }
        catch (ArgumentException e)
        {
            // Values the parser accepts but the library rejects for this study (a learning rate beyond float32, too few
            // samples for a distance, ...): the library's message says which.
            error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")} (see --help)");
            return UsageError;
        }

        var written = OutputFolder.WriteAtomically(folder, staging =>
        {
            var files = Figures.WriteAll(staging, results.Data, results.Experiments, results.References, results.Gallery).ToList();
            files.AddRange(results.Experiments.Select(r => Animation.Write(staging, results.Data, r)));
            files.Add(Write(staging, "summary.md", Summary.ToMarkdown(results.Experiments, results.References, results.Gallery, options)));
            files.Add(Write(staging, "summary.csv", Summary.ToCsv(results.Experiments, results.References)));
            files.Add(Write(staging, "losses.csv", Summary.LossesToCsv(results.Experiments)));
            if (results.Gallery.Count > 0)
            {
                files.Add(Write(staging, "gallery.csv", Summary.GalleryToCsv(results.Gallery)));
            }

            return files;
        });

        var seconds = watch.Elapsed.TotalSeconds;
        if (options.Quiet)
        {
            output.WriteLine($"wrote {written.Count} files to {folder}");
        }
        else
        {
            console.Write(Summary.ToTable(results.Experiments, results.References));
            console.WriteLine($"Wrote {written.Count} files to {folder} in {seconds:F0} s");
        }

        return Success;
    }

    /// <summary>Runs the experiments, the reference chains and the gallery, telling <paramref name="progress"/> of each task by name.</summary>
    private static Results Compute(StudyOptions options, Action<string, double>? progress)
    {
        var data = StudyData.Create(options);
        var study = new Study(options, data);
        var experiments = study.Run((kind, fraction) => progress?.Invoke(TaskName(kind), fraction));
        var references = study.RunReferences();
        progress?.Invoke(ReferenceTask, 1);
        var gallery = options.Gallery ? new Gallery(options, data).Run((set, fraction) => progress?.Invoke(TaskName(set), fraction)) : [];
        return new Results(data, experiments, references, gallery);
    }

    /// <summary>
    /// Runs the study with a progress bar per task, redrawn on the training thread between epochs and steps. Spectre's own
    /// refresh thread is off: its allocations could set off a garbage collection during one of TorchSharp's native
    /// calls on the training thread, and the finalizer could then free a scalar that call still reads (see
    /// docs/reliability.md, "Determinism and threads").
    /// </summary>
    private static Results RunWithProgress(IAnsiConsole console, StudyOptions options)
    {
        Results? results = null;
        console.Progress()
            .AutoRefresh(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var names = options.Experiments.Select(TaskName).Append(ReferenceTask)
                    .Concat(options.Gallery ? Enum.GetValues<GallerySet>().Select(TaskName) : []);
                var tasks = names.ToDictionary(name => name, name => context.AddTask(Markup.Escape(name), maxValue: 1.0));
                context.Refresh();
                results = Compute(options, (name, fraction) =>
                {
                    tasks[name].Value = fraction;
                    context.Refresh();
                });
            });
        return results!;
    }

    private const string ReferenceTask = "Exact score, for reference";

    private static string TaskName(ExperimentKind kind) => $"({kind.Number()}) {kind.Title()}";

    private static string TaskName(GallerySet set) => $"Gallery: {set.Title()}";

    private static string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Everything the run computed, handed to the writers.</summary>
    private sealed record Results(StudyData Data, IReadOnlyList<ExperimentResult> Experiments, IReadOnlyList<ReferenceResult> References, IReadOnlyList<GalleryResult> Gallery);
}
