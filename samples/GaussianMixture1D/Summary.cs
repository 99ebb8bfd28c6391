using System.Globalization;
using System.Text;
using Spectre.Console;

namespace GaussianMixture1D;

/// <summary>The metrics table: in the terminal, as Markdown and as CSV.</summary>
internal static class Summary
{
    private static readonly string[] Headers = ["experiment", "final loss", "rel. Fisher div.", "L1 of pdf", "left-mode mass", "time (ms)", "warnings"];

    public static Table ToTable(IReadOnlyList<ExperimentResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(Headers[0]);
        foreach (var header in Headers.Skip(1))
        {
            table.AddColumn(new TableColumn(header).RightAligned());
        }

        foreach (var result in results)
        {
            table.AddRow(Cells(result).Select(Markup.Escape).ToArray());
        }

        table.Caption("true left-mode mass 0.100");
        return table;
    }

    public static string ToMarkdown(IReadOnlyList<ExperimentResult> results, StudyOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine("# Score matching on 0.1·N(−3, 1) + 0.9·N(3, 1)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{options.Samples} samples ({options.FewSamples} for (f)), seed {options.Seed}, 1→{options.HiddenWidth}→1 {options.Activation.ToString().ToLowerInvariant()}, Adam {options.LearningRate}, {options.Epochs} epochs per phase; (g) is ScoreMatchingFit.Fit with its defaults and seed {options.Seed} on the samples of (d). True left-mode mass: 0.100.");
        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", Headers) + " |");
        text.AppendLine("| --- |" + string.Concat(Enumerable.Repeat(" ---: |", Headers.Length - 1)));
        foreach (var result in results)
        {
            text.AppendLine("| " + string.Join(" | ", Cells(result)) + " |");
        }

        foreach (var result in results.Where(r => r.Diagnostics.Length > 0))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"({result.Letter}) {result.Title}: {result.Diagnostics}.");
            text.AppendLine();
            text.AppendLine(result.Warnings.Count == 0 ? "No warnings." : "Warnings:");
            foreach (var warning in result.Warnings)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {warning}");
            }
        }

        return text.ToString();
    }

    public static string ToCsv(IReadOnlyList<ExperimentResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("experiment,title,epochs,final_loss,relative_fisher_divergence,l1_pdf,left_mode_mass,time_ms,warnings");
        foreach (var r in results)
        {
            text.AppendLine(string.Join(',', r.Letter, $"\"{r.Title}\"", r.Final.Epoch.ToString(CultureInfo.InvariantCulture), R(r.FinalLoss), R(r.RelativeFisherDivergence), R(r.L1Error), R(r.LeftModeMass), R(r.TrainingTime.TotalMilliseconds), $"\"{string.Join("; ", r.Warnings.Select(w => w.Split(':')[0])).Replace("\"", "\"\"", StringComparison.Ordinal)}\""));
        }

        return text.ToString();
    }

    /// <summary>The loss of every epoch of every experiment, one column per experiment, in full precision.</summary>
    public static string LossesToCsv(IReadOnlyList<ExperimentResult> results)
    {
        // The one-call fit has no epochs, hence no column.
        results = results.Where(r => r.Losses.Count > 0).ToList();
        var text = new StringBuilder();
        text.AppendLine("epoch," + string.Join(',', results.Select(r => r.Letter)));
        var epochs = results.Select(r => r.Losses.Count).DefaultIfEmpty(0).Max();
        for (var e = 0; e < epochs; e++)
        {
            text.AppendLine((e + 1).ToString(CultureInfo.InvariantCulture) + "," + string.Join(',', results.Select(r => e < r.Losses.Count ? R(r.Losses[e]) : string.Empty)));
        }

        return text.ToString();
    }

    private static string[] Cells(ExperimentResult r) =>
    [
        $"({r.Letter}) {r.Title}",
        double.IsNaN(r.FinalLoss) ? "—" : r.FinalLoss.ToString("F5", CultureInfo.InvariantCulture),
        r.RelativeFisherDivergence.ToString("F4", CultureInfo.InvariantCulture),
        r.L1Error.ToString("F4", CultureInfo.InvariantCulture),
        r.LeftModeMass.ToString("F3", CultureInfo.InvariantCulture),
        r.TrainingTime.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture),
        r.Kind == ExperimentKind.OneCallFit ? (r.Warnings.Count == 0 ? "none" : string.Join(", ", r.Warnings.Select(w => w.Split(':')[0]))) : "—",
    ];

    /// <summary>A number in full precision; empty when it is NaN, as the one-call fit's final loss is.</summary>
    private static string R(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);
}
