using System.Globalization;
using System.Text;
using Spectre.Console;

namespace GaussianMixture2D;

/// <summary>The metrics table: in the terminal, as Markdown and as CSV; the gallery's distances; the loss histories.</summary>
internal static class Summary
{
    private static readonly string[] Headers = ["experiment", "final loss", "rel. Fisher div.", "density L1", "guided L1", "MMD²", "energy dist.", "component fractions", "train (s)", "sample (s)"];

    public static Table ToTable(IReadOnlyList<ExperimentResult> results, IReadOnlyList<ReferenceResult> references)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(Headers[0]);
        foreach (var header in Headers.Skip(1))
        {
            table.AddColumn(new TableColumn(header).RightAligned());
        }

        foreach (var row in Rows(results, references))
        {
            table.AddRow(Cells(row).Select(Markup.Escape).ToArray());
        }

        table.Caption(Markup.Escape("density L1 to the true pdf on [−8, 8]², from the score alone or guided by the samples; MMD² and energy distance against fresh samples of the truth; true component fractions 0.400 / 0.400 / 0.200"));
        return table;
    }

    public static string ToMarkdown(IReadOnlyList<ExperimentResult> results, IReadOnlyList<ReferenceResult> references, IReadOnlyList<GalleryResult> gallery, StudyOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine("# Score matching on 0.4·N((−3, −3), I) + 0.4·N((3, 3), I) + 0.2·N((−1, 1), I)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{options.Samples} samples, seed {options.Seed}. (1) and (2): 2→{options.HiddenWidth}→2 ReLU, Adam {options.LearningRate:G3}, {options.Epochs} full-batch epochs; plain Langevin, {options.Chains} chains from uniform starts on [−8, 8]², step {options.LangevinStepSize:G3}, {options.LangevinSteps} steps. (3): 3→{string.Join("→", Fitting.NoiseConditionalWidths)}→2 ReLU over {StudyOptions.Noise}, Adam {options.NoiseLearningRate:G3} then {options.NoiseLearningRate * Fitting.CoolDownFactor:G3} for the last quarter of {options.NoiseEpochs} full-batch epochs; annealed Langevin, {options.StepsPerLevel} steps per level, ε = 2e-5.");
        text.AppendLine();
        text.AppendLine("The relative Fisher divergence is E‖ψ − ∇log p‖² / E‖∇log p‖² over fresh samples of the truth; the density L1 is ∫ |p̂ − p| over [−8, 8]² (161 nodes a side) for the density recovered from the score field alone, or for the kernel estimate of the samples; the guided L1 is that of the density recovered from the score field where the samples are and from their kernel estimate's field where they thin out (ScoreFieldDensity.Recover with the samples); MMD² (Gaussian kernel, width the median distance) and the energy distance compare the chains' last points with fresh samples of the truth; the component fractions say which component is the likeliest source of each chain's last point (true 0.400 / 0.400 / 0.200).");
        text.AppendLine();
        AppendTable(text, Headers, Rows(results, references).Select(Cells));
        foreach (var result in results.Where(r => r.RelativeFisherDivergenceByLevel is not null))
        {
            text.AppendLine();
            var levels = StudyOptions.Noise.Levels.Zip(result.RelativeFisherDivergenceByLevel!, (sigma, divergence) => string.Create(CultureInfo.InvariantCulture, $"{sigma:G3}: {divergence:F3}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"({result.Number}) at each level σ, the relative Fisher divergence of ψ(·, σ) to the score of the mixture noised at σ, over its own fresh samples: {string.Join("; ", levels)}.");
        }

        var lost = results.Where(r => r.Sampling.Metrics.Lost > 0).Select(r => $"({r.Number}) lost {r.Sampling.Metrics.Lost} chains whose points stopped being finite").ToList();
        if (lost.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(string.Join("; ", lost) + "; the metrics are over the others.");
        }

        if (gallery.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Gallery");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Each set fitted as (3), {options.Samples} samples, and sampled by annealed Langevin from the same starts; distances against {options.Chains} fresh samples of the set.");
            text.AppendLine();
            AppendTable(text, ["set", "final loss", "MMD²", "energy dist.", "train (s)", "sample (s)"], gallery.Select(g => new[]
            {
                g.Title,
                F(g.FinalLoss, "F4"),
                E(g.Sampling.Metrics.MaximumMeanDiscrepancySquared),
                F(g.Sampling.Metrics.EnergyDistance, "F4"),
                F(g.TrainingTime.TotalSeconds, "F1"),
                F(g.Sampling.Time.TotalSeconds, "F2"),
            }));
        }

        return text.ToString();
    }

    public static string ToCsv(IReadOnlyList<ExperimentResult> results, IReadOnlyList<ReferenceResult> references)
    {
        var text = new StringBuilder();
        text.AppendLine("row,title,epochs,final_loss,relative_fisher_divergence,density_l1,density_residual_fraction,guided_density_l1,guided_density_residual_fraction,mmd2,mmd_bandwidth,energy_distance,fraction_1,fraction_2,fraction_3,lost_chains,training_s,sampling_s");
        foreach (var row in Rows(results, references))
        {
            var m = row.Metrics;
            text.AppendLine(string.Join(',',
                row.Key,
                $"\"{row.Label}\"",
                row.Epochs?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                R(row.FinalLoss),
                R(row.RelativeFisherDivergence),
                R(row.Density?.L1Distance),
                R(row.Density?.ResidualFraction),
                R(row.GuidedDensity?.L1Distance),
                R(row.GuidedDensity?.ResidualFraction),
                R(m?.MaximumMeanDiscrepancySquared),
                R(m?.Bandwidth),
                R(m?.EnergyDistance),
                R(m?.ComponentFractions?[0]),
                R(m?.ComponentFractions?[1]),
                R(m?.ComponentFractions?[2]),
                m?.Lost.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                R(row.TrainingTime?.TotalSeconds),
                R(row.SamplingTime?.TotalSeconds)));
        }

        return text.ToString();
    }

    public static string GalleryToCsv(IReadOnlyList<GalleryResult> gallery)
    {
        var text = new StringBuilder();
        text.AppendLine("set,final_loss,mmd2,mmd_bandwidth,energy_distance,lost_chains,training_s,sampling_s");
        foreach (var g in gallery)
        {
            var m = g.Sampling.Metrics;
            text.AppendLine(string.Join(',', g.FileStem, R(g.FinalLoss), R(m.MaximumMeanDiscrepancySquared), R(m.Bandwidth), R(m.EnergyDistance), m.Lost.ToString(CultureInfo.InvariantCulture), R(g.TrainingTime.TotalSeconds), R(g.Sampling.Time.TotalSeconds)));
        }

        return text.ToString();
    }

    /// <summary>The loss of every epoch of every experiment, one column per experiment, in full precision.</summary>
    public static string LossesToCsv(IReadOnlyList<ExperimentResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("epoch," + string.Join(',', results.Select(r => r.FileStem)));
        var epochs = results.Count == 0 ? 0 : results.Max(r => r.Losses.Count);
        for (var e = 0; e < epochs; e++)
        {
            text.AppendLine((e + 1).ToString(CultureInfo.InvariantCulture) + "," + string.Join(',', results.Select(r => e < r.Losses.Count ? R(r.Losses[e]) : string.Empty)));
        }

        return text.ToString();
    }

    private static IEnumerable<SummaryRow> Rows(IReadOnlyList<ExperimentResult> results, IReadOnlyList<ReferenceResult> references) =>
        results.Select(r => new SummaryRow(r.FileStem, $"({r.Number}) {r.Title}", r.Losses.Count, r.FinalLoss, r.RelativeFisherDivergence, r.Density, r.GuidedDensity, r.Sampling.Metrics, r.TrainingTime, r.Sampling.Time))
            .Concat(references.Select(r => new SummaryRow(r.Key, r.Title, null, null, null, r.Density, null, r.Metrics, null, null)));

    private static string[] Cells(SummaryRow row) =>
    [
        row.Label,
        F(row.FinalLoss, "F4"),
        F(row.RelativeFisherDivergence, "F4"),
        F(row.Density?.L1Distance, "F4"),
        F(row.GuidedDensity?.L1Distance, "F4"),
        E(row.Metrics?.MaximumMeanDiscrepancySquared),
        F(row.Metrics?.EnergyDistance, "F4"),
        row.Metrics?.ComponentFractions is { } f ? string.Join(" / ", f.Select(v => v.ToString("F3", CultureInfo.InvariantCulture))) : "—",
        F(row.TrainingTime?.TotalSeconds, "F1"),
        F(row.SamplingTime?.TotalSeconds, "F2"),
    ];

    private static void AppendTable(StringBuilder text, IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        text.AppendLine("| " + string.Join(" | ", headers) + " |");
        text.AppendLine("| --- |" + string.Concat(Enumerable.Repeat(" ---: |", headers.Count - 1)));
        foreach (var cells in rows)
        {
            text.AppendLine("| " + string.Join(" | ", cells) + " |");
        }
    }

    private static string F(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "—";

    /// <summary>Squared MMDs span orders of magnitude, from 1e-4 for a good sampler to 1e-1 for a poor one.</summary>
    private static string E(double? value) => value?.ToString("0.00E+0", CultureInfo.InvariantCulture) ?? "—";

    private static string R(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;
}
