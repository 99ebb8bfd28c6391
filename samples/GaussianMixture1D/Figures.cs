using ScottPlot;

namespace GaussianMixture1D;

/// <summary>Draws the study's figures as PNG files, with the same colours for the same things throughout.</summary>
internal static class Figures
{
    public const int Width = 800;
    public const int Height = 500;

    private static readonly Color TrueColor = Colors.Black;
    private static readonly Color SampleColor = new(255, 127, 14, 170);
    private static readonly Color HistogramColor = new(158, 202, 225);
    private static readonly Color FittedColor = new(31, 119, 180);
    private static readonly Color RecoveredColor = new(214, 39, 40);
    private static readonly Color LossColor = new(44, 160, 44);

    /// <summary>Writes every figure into <paramref name="folder"/> and returns the paths written.</summary>
    public static IReadOnlyList<string> WriteAll(string folder, StudyData data, IReadOnlyList<ExperimentResult> results)
    {
        var written = new List<string>
        {
            Save(PdfAndSamples(data), folder, "pdf-and-samples.png"),
            Save(ScoreAndSamples(data), folder, "score-and-samples.png"),
        };
        foreach (var result in results)
        {
            written.Add(Save(FittedScore(data, result), folder, $"{result.FileStem}-score.png"));
            if (result.Losses.Count > 0)
            {
                written.Add(Save(LossHistory(result), folder, $"{result.FileStem}-loss.png"));
            }

            written.Add(Save(RecoveredPdf(data, result), folder, $"{result.FileStem}-pdf.png"));
            if (result.Evolution.Count > 1)
            {
                written.Add(Save(ScoreEvolution(data, result), folder, $"{result.FileStem}-score-evolution.png"));
                written.Add(Save(PdfEvolution(data, result), folder, $"{result.FileStem}-pdf-evolution.png"));
            }
        }

        return written;
    }

    private static Plot PdfAndSamples(StudyData data)
    {
        var plot = NewPlot("x", "density");
        var (centres, heights, width) = Histogram(data.Samples, 80);
        var bars = plot.Add.Bars(centres.Select((c, i) => new Bar { Position = c, Value = heights[i], Size = width, FillColor = HistogramColor, LineWidth = 0 }).ToArray());
        bars.LegendText = "sample histogram";
        AddLine(plot, data.Grid.Points, data.TruePdf, TrueColor, 3, "pdf");
        AddPoints(plot, data.Samples, data.Samples.Select(data.Mixture.Density).ToArray(), "samples");
        var frame = new FigureFrame(XRange(data), AxisRange.Of(data.TruePdf).Union(AxisRange.Of(heights)).Pad(0.03, 0.15));
        frame.Apply(plot, "PDF and histogram of the samples");
        return plot;
    }

    private static Plot ScoreAndSamples(StudyData data)
    {
        var plot = NewPlot("x", "score d/dx log p(x)");
        AddLine(plot, data.Grid.Points, data.TrueScore, TrueColor, 3, "score function");
        AddPoints(plot, data.Samples, data.Samples.Select(data.Mixture.Score).ToArray(), "samples");
        ScoreFrame(data, null).Apply(plot, "The score function and the samples");
        return plot;
    }

    private static Plot FittedScore(StudyData data, ExperimentResult result)
    {
        var plot = NewPlot("x", "score");
        AddLine(plot, data.Grid.Points, data.TrueScore, TrueColor, 3, "score function");
        var samples = result.Kind == ExperimentKind.FewSamples ? data.FewSamples : data.Samples;
        AddPoints(plot, samples, samples.Select(data.Mixture.Score).ToArray(), "samples");
        AddLine(plot, data.Grid.Points, result.Final.Score, FittedColor, 2, result.FittedBy);
        var frame = ScoreFrame(data, result.Final.Score);
        frame.Check("the " + result.FittedBy, data.Grid.Points, result.Final.Score);
        frame.Apply(plot, $"({result.Letter}) {result.Title}: fitted score");
        return plot;
    }

    private static Plot LossHistory(ExperimentResult result)
    {
        var plot = NewPlot("epoch", "loss");
        var epochs = Enumerable.Range(1, result.Losses.Count).Select(e => (double)e).ToArray();
        var line = plot.Add.ScatterLine(epochs, result.Losses.ToArray(), LossColor);
        line.LineWidth = 1.5f;
        line.LegendText = "loss";

        // The first epochs, from the untrained network, may lie far above the rest; the range is that of the last 95 %.
        var settled = result.Losses.Skip(result.Losses.Count / 20);
        var frame = new FigureFrame(new AxisRange(0, result.Losses.Count + 1), AxisRange.Of(settled).Pad(0.08, 0.08));
        frame.CheckValues("the loss", result.Losses);
        frame.Apply(plot, $"({result.Letter}) {result.Title}: evolution of the loss");
        return plot;
    }

    private static Plot RecoveredPdf(StudyData data, ExperimentResult result)
    {
        var plot = NewPlot("x", "density");
        AddLine(plot, data.Grid.Points, data.TruePdf, TrueColor, 3, "original");
        AddLine(plot, data.Grid.Points, result.Final.Pdf, RecoveredColor, 2, "recovered");
        var frame = PdfFrame(data, result.Final.Pdf);
        frame.CheckDensity("the recovered pdf", data.Grid.Points, result.Final.Pdf);
        frame.Apply(plot, $"({result.Letter}) {result.Title}: pdf recovered from the score");
        return plot;
    }

    private static Plot ScoreEvolution(StudyData data, ExperimentResult result)
    {
        var plot = NewPlot("x", "score");
        var frame = ScoreFrame(data, result.Final.Score);
        AddEvolution(plot, data, result, s => s.Score, (name, values) => frame.Check(name, data.Grid.Points, values));
        AddLine(plot, data.Grid.Points, data.TrueScore, TrueColor, 3, "score function");
        frame.Apply(plot, $"({result.Letter}) {result.Title}: the fit during training");
        return plot;
    }

    private static Plot PdfEvolution(StudyData data, ExperimentResult result)
    {
        var plot = NewPlot("x", "density");
        var frame = PdfFrame(data, result.Final.Pdf);
        AddEvolution(plot, data, result, s => s.Pdf, (name, values) => frame.CheckDensity(name, data.Grid.Points, values));
        AddLine(plot, data.Grid.Points, data.TruePdf, TrueColor, 3, "original");
        frame.Apply(plot, $"({result.Letter}) {result.Title}: the recovered pdf during training");
        return plot;
    }

    /// <summary>
    /// The x range of every figure over x: the samples and each component of the mixture to four standard deviations,
    /// with a margin, within the grid the curves are computed on.
    /// </summary>
    private static AxisRange XRange(StudyData data)
    {
        var components = Enumerable.Range(0, data.Mixture.ComponentCount)
            .SelectMany(k => new[] { data.Mixture.Means[k] - (4 * data.Mixture.StandardDeviations[k]), data.Mixture.Means[k] + (4 * data.Mixture.StandardDeviations[k]) });
        return AxisRange.Of(components.Concat(data.Samples).Concat(data.FewSamples)).Pad(0.03, 0.03)
            .Within(new AxisRange(data.Grid.Start, data.Grid.Stop));
    }

    /// <summary>
    /// The ranges of a pdf figure: x from <see cref="XRange"/>; y from 0 to the true pdf's maximum, widened to the
    /// final fit's maximum up to twice the truth's, with a margin, so that neither a spike of an early snapshot nor a
    /// flat fit sets the scale.
    /// </summary>
    private static FigureFrame PdfFrame(StudyData data, double[] fitted)
    {
        var x = XRange(data);
        var truth = data.TruePdf.Max();
        var fit = Enumerable.Range(0, fitted.Length).Where(i => x.Contains(data.Grid[i])).Select(i => fitted[i]).DefaultIfEmpty(0).Max();
        return new FigureFrame(x, new AxisRange(0, Math.Max(truth, Math.Min(fit, 2 * truth))).Pad(0.03, 0.15));
    }

    /// <summary>
    /// The ranges of a score figure: x from <see cref="XRange"/>; y the true score's range over it, widened to the final
    /// fit's by up to half that range on each side, with a margin.
    /// </summary>
    private static FigureFrame ScoreFrame(StudyData data, double[]? fitted)
    {
        var x = XRange(data);
        var inside = Enumerable.Range(0, data.Grid.Count).Where(i => x.Contains(data.Grid[i])).ToList();
        var truth = AxisRange.Of(inside.Select(i => data.TrueScore[i]));
        var y = fitted is null ? truth : truth.Union(AxisRange.Of(inside.Select(i => fitted[i])).Within(truth.Pad(0.5, 0.5)));
        return new FigureFrame(x, y.Pad(0.08, 0.08));
    }

    /// <summary>Draws every snapshot, dark to light, and hands each to <paramref name="check"/> by the name a note would give it.</summary>
    private static void AddEvolution(Plot plot, StudyData data, ExperimentResult result, Func<FitSnapshot, double[]> values, Action<string, double[]> check)
    {
        var colormap = new ScottPlot.Colormaps.Viridis();
        var last = result.Evolution.Count - 1;
        for (var i = 0; i <= last; i++)
        {
            var snapshot = result.Evolution[i];
            var ys = values(snapshot);
            var line = AddLine(plot, data.Grid.Points, ys, colormap.GetColor(0.9 * i / last), 1.5f, null);
            check($"epoch {snapshot.Epoch}", ys);
            if (i == 0 || i == last)
            {
                line.LegendText = $"epoch {snapshot.Epoch}";
            }
        }
    }

    /// <summary>A plot with its axis labels and legend; its title is set with its ranges (<see cref="FigureFrame.Apply"/>).</summary>
    private static Plot NewPlot(string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static ScottPlot.Plottables.Scatter AddLine(Plot plot, IReadOnlyList<double> xs, double[] ys, Color color, float width, string? label)
    {
        var line = plot.Add.ScatterLine(xs.ToArray(), ys, color);
        line.LineWidth = width;
        if (label is not null)
        {
            line.LegendText = label;
        }

        return line;
    }

    private static void AddPoints(Plot plot, double[] xs, double[] ys, string label)
    {
        var points = plot.Add.ScatterPoints(xs, ys, SampleColor);
        points.MarkerSize = 4;
        points.LegendText = label;
    }

    /// <summary>A histogram normalised as a density: bar heights integrate to 1.</summary>
    private static (double[] Centres, double[] Heights, double Width) Histogram(double[] values, int bins)
    {
        var min = values.Min();
        var max = values.Max();
        var width = (max - min) / bins;
        var counts = new double[bins];
        foreach (var v in values)
        {
            counts[Math.Min(bins - 1, (int)((v - min) / width))]++;
        }

        var centres = Enumerable.Range(0, bins).Select(i => min + ((i + 0.5) * width)).ToArray();
        return (centres, counts.Select(c => c / (values.Length * width)).ToArray(), width);
    }

    private static string Save(Plot plot, string folder, string name)
    {
        var path = Path.Combine(folder, name);
        plot.SavePng(path, Width, Height);
        return path;
    }
}
