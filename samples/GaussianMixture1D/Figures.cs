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
            written.Add(Save(LossHistory(result), folder, $"{result.FileStem}-loss.png"));
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
        var plot = NewPlot("PDF and histogram of the samples", "x", "density");
        var (centres, heights, width) = Histogram(data.Samples, 80);
        var bars = plot.Add.Bars(centres.Select((c, i) => new Bar { Position = c, Value = heights[i], Size = width, FillColor = HistogramColor, LineWidth = 0 }).ToArray());
        bars.LegendText = "sample histogram";
        AddLine(plot, data.Grid.Points, data.TruePdf, TrueColor, 3, "pdf");
        AddPoints(plot, data.Samples, data.Samples.Select(data.Mixture.Density).ToArray(), "samples");
        return plot;
    }

    private static Plot ScoreAndSamples(StudyData data)
    {
        var plot = NewPlot("The score function and the samples", "x", "score d/dx log p(x)");
        AddLine(plot, data.Grid.Points, data.TrueScore, TrueColor, 3, "score function");
        AddPoints(plot, data.Samples, data.Samples.Select(data.Mixture.Score).ToArray(), "samples");
        return plot;
    }

    private static Plot FittedScore(StudyData data, ExperimentResult result)
    {
        var plot = NewPlot($"({result.Letter}) {result.Title}: fitted score", "x", "score");
        AddLine(plot, data.Grid.Points, data.TrueScore, TrueColor, 3, "score function");
        var samples = result.Kind == ExperimentKind.FewSamples ? data.FewSamples : data.Samples;
        AddPoints(plot, samples, samples.Select(data.Mixture.Score).ToArray(), "samples");
        AddLine(plot, data.Grid.Points, result.Final.Score, FittedColor, 2, "fitted network");
        return plot;
    }

    private static Plot LossHistory(ExperimentResult result)
    {
        var plot = NewPlot($"({result.Letter}) {result.Title}: evolution of the loss", "epoch", "loss");
        var epochs = Enumerable.Range(1, result.Losses.Count).Select(e => (double)e).ToArray();
        var line = plot.Add.ScatterLine(epochs, result.Losses.ToArray(), LossColor);
        line.LineWidth = 1.5f;
        line.LegendText = "loss";
        return plot;
    }

    private static Plot RecoveredPdf(StudyData data, ExperimentResult result)
    {
        var plot = NewPlot($"({result.Letter}) {result.Title}: pdf recovered from the score", "x", "density");
        AddLine(plot, data.Grid.Points, data.TruePdf, TrueColor, 3, "original");
        AddLine(plot, data.Grid.Points, result.Final.Pdf, RecoveredColor, 2, "recovered");
        return plot;
    }

    private static Plot ScoreEvolution(StudyData data, ExperimentResult result)
    {
        var plot = NewPlot($"({result.Letter}) {result.Title}: the fit during training", "x", "score");
        AddEvolution(plot, data, result, s => s.Score);
        AddLine(plot, data.Grid.Points, data.TrueScore, TrueColor, 3, "score function");
        return plot;
    }

    private static Plot PdfEvolution(StudyData data, ExperimentResult result)
    {
        var plot = NewPlot($"({result.Letter}) {result.Title}: the recovered pdf during training", "x", "density");
        AddEvolution(plot, data, result, s => s.Pdf);
        AddLine(plot, data.Grid.Points, data.TruePdf, TrueColor, 3, "original");
        return plot;
    }

    private static void AddEvolution(Plot plot, StudyData data, ExperimentResult result, Func<FitSnapshot, double[]> values)
    {
        var colormap = new ScottPlot.Colormaps.Viridis();
        var last = result.Evolution.Count - 1;
        for (var i = 0; i <= last; i++)
        {
            var snapshot = result.Evolution[i];
            var line = AddLine(plot, data.Grid.Points, values(snapshot), colormap.GetColor(0.9 * i / last), 1.5f, null);
            if (i == 0 || i == last)
            {
                line.LegendText = $"epoch {snapshot.Epoch}";
            }
        }
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
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
