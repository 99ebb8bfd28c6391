using System.Globalization;
using ScottPlot;

namespace GaussianMixture2D;

/// <summary>Draws the study's figures as PNG files, with the same colours for the same things throughout.</summary>
internal static class Figures
{
    /// <summary>The size of the planar figures: nearly square, so that the square [−8, 8]² keeps its shape beside the title and legend.</summary>
    public const int PlanarWidth = 720;
    public const int PlanarHeight = 640;

    public const int LossWidth = 800;
    public const int LossHeight = 500;

    public const int GalleryWidth = 1200;
    public const int GalleryHeight = 600;

    public static readonly Color TrueColor = new(150, 150, 150);
    public static readonly Color DataColor = new(255, 127, 14, 150);
    public static readonly Color FittedColor = new(31, 119, 180);
    public static readonly Color ChainColor = new(148, 103, 189, 190);
    public static readonly Color LossColor = new(44, 160, 44);

    /// <summary>Writes every figure into <paramref name="folder"/> and returns the paths written.</summary>
    public static IReadOnlyList<string> WriteAll(string folder, StudyData data, IReadOnlyList<ExperimentResult> results, IReadOnlyList<ReferenceResult> references, IReadOnlyList<GalleryResult> gallery)
    {
        var trueField = data.Mixture.Score(Study.FieldGrid);
        var trueDensity = TrueDensity(data);

        // One colour scale for every density, the true one's, so that the heatmaps compare; a higher peak saturates.
        var peak = trueDensity.Cast<double>().Max();
        var written = new List<string>
        {
            Save(Samples(data), folder, "samples.png", PlanarWidth, PlanarHeight),
            Save(TrueScore(data, trueField), folder, "score-true.png", PlanarWidth, PlanarHeight),
            Save(Density("The true density", trueDensity, peak), folder, "density-true.png", PlanarWidth, PlanarHeight),
        };
        foreach (var reference in references.Where(r => r.Key == "kde" && r.Density is not null))
        {
            var title = string.Create(CultureInfo.InvariantCulture, $"Kernel estimate of the samples (Scott): L1 {reference.Density!.L1Distance:F3}");
            written.Add(Save(Density(title, reference.Density.Values, peak), folder, "density-kde.png", PlanarWidth, PlanarHeight));
        }

        foreach (var result in results)
        {
            written.Add(Save(FittedScore(data, result, trueField), folder, $"{result.FileStem}-score.png", PlanarWidth, PlanarHeight));
            var title = string.Create(CultureInfo.InvariantCulture, $"({result.Number}) density from the score: L1 {result.Density.L1Distance:F3}, residual {result.Density.ResidualFraction:F3}");
            written.Add(Save(Density(title, result.Density.Values, peak), folder, $"{result.FileStem}-density.png", PlanarWidth, PlanarHeight));
            var guided = string.Create(CultureInfo.InvariantCulture, $"({result.Number}) density guided by the samples: L1 {result.GuidedDensity.L1Distance:F3}");
            written.Add(Save(Density(guided, result.GuidedDensity.Values, peak), folder, $"{result.FileStem}-density-guided.png", PlanarWidth, PlanarHeight));
            written.Add(Save(ChainSamples(data, result), folder, $"{result.FileStem}-samples.png", PlanarWidth, PlanarHeight));
            written.Add(Save(LossHistory(result), folder, $"{result.FileStem}-loss.png", LossWidth, LossHeight));
        }

        foreach (var set in gallery)
        {
            var path = Path.Combine(folder, $"{set.FileStem}.png");
            GalleryFigure(set).SavePng(path, GalleryWidth, GalleryHeight);
            written.Add(path);
        }

        return written;
    }

    /// <summary>A new plot of the square [−8, 8]² with equal units on both axes.</summary>
    public static Plot NewPlanarPlot(string title)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("x₁");
        plot.YLabel("x₂");
        plot.Axes.SetLimits(-StudyOptions.Extent, StudyOptions.Extent, -StudyOptions.Extent, StudyOptions.Extent);
        plot.Axes.SquareUnits();
        return plot;
    }

    /// <summary>Adds points as small round markers without lines.</summary>
    public static ScottPlot.Plottables.Scatter AddPoints(Plot plot, double[,] points, Color color, float size, string? label)
    {
        var scatter = plot.Add.ScatterPoints(Planar.Xs(points), Planar.Ys(points), color);
        scatter.MarkerSize = size;
        if (label is not null)
        {
            scatter.LegendText = label;
        }

        return scatter;
    }

    private static Plot Samples(StudyData data)
    {
        var plot = NewPlanarPlot($"The {data.Samples.GetLength(0):N0} samples of the mixture");
        AddPoints(plot, data.Samples, DataColor, 4, "samples");
        for (var k = 0; k < data.Mixture.ComponentCount; k++)
        {
            var mean = data.Mixture.Mean(k);
            var marker = plot.Add.Marker(mean[0], mean[1], MarkerShape.Cross, 14, Colors.Black);
            marker.LineWidth = 2;
            var label = plot.Add.Text($"w = {data.Mixture.Weights[k]:0.0}", mean[0] + 0.4, mean[1] + 0.4);
            label.LabelFontSize = 14;
        }

        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static Plot TrueScore(StudyData data, double[,] trueField)
    {
        var plot = NewPlanarPlot("The true score ∇log p");
        AddPoints(plot, data.Samples, DataColor, 3, "samples");
        AddField(plot, trueField, Colors.Black, Scale(trueField), "∇log p");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static Plot FittedScore(StudyData data, ExperimentResult result, double[,] trueField)
    {
        var where = result.Kind.IsAnnealed() ? $" at σ = {StudyOptions.Noise.Smallest:G2}" : string.Empty;
        var plot = NewPlanarPlot($"({result.Number}) {result.Title}: fitted score{where}");
        AddPoints(plot, data.Samples, DataColor, 3, "samples");
        var scale = Scale(trueField);
        AddField(plot, trueField, TrueColor, scale, "true score");
        AddField(plot, result.Field, FittedColor, scale, "fitted score");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static Plot ChainSamples(StudyData data, ExperimentResult result)
    {
        var sampler = result.Kind.IsAnnealed() ? "annealed Langevin" : "Langevin";
        var plot = NewPlanarPlot($"({result.Number}) {result.Title}: {sampler} samples");
        AddPoints(plot, data.Samples, DataColor, 4, "data");
        AddPoints(plot, result.Sampling.Samples, ChainColor, 4, $"{result.Sampling.Samples.GetLength(0):N0} chains after {result.Sampling.Frames[^1].Step} steps");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static Plot LossHistory(ExperimentResult result)
    {
        var plot = new Plot();
        plot.Title($"({result.Number}) {result.Title}: evolution of the loss");
        plot.XLabel("epoch");
        plot.YLabel("loss");
        var epochs = Enumerable.Range(1, result.Losses.Count).Select(e => (double)e).ToArray();
        var line = plot.Add.ScatterLine(epochs, result.Losses.ToArray(), LossColor);
        line.LineWidth = 1.5f;
        line.LegendText = "loss";
        if (result.Kind.IsAnnealed() && result.Losses.Count >= 4)
        {
            var coolDown = result.Losses.Count - (result.Losses.Count / 4);
            var marker = plot.Add.VerticalLine(coolDown + 0.5, 1, TrueColor);
            marker.LinePattern = LinePattern.Dashed;
            marker.LegendText = $"learning rate ÷ {1 / Fitting.CoolDownFactor:0}";
        }

        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>A density on [−8, 8]² as a heatmap with a colour bar from 0 to <paramref name="top"/>; <paramref name="values"/> is [x index, y index] on the nodes of <see cref="Study.DensityGrid"/>.</summary>
    public static Plot Density(string title, double[,] values, double top)
    {
        var plot = NewPlanarPlot(title);
        var (columns, rows) = (values.GetLength(0), values.GetLength(1));

        // A heatmap's first row is drawn at the top.
        var intensities = new double[rows, columns];
        for (var i = 0; i < columns; i++)
        {
            for (var j = 0; j < rows; j++)
            {
                intensities[rows - 1 - j, i] = values[i, j];
            }
        }

        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, top);
        var half = Study.DensityGrid.XStep / 2;
        heatmap.Extent = new CoordinateRect(-StudyOptions.Extent - half, StudyOptions.Extent + half, -StudyOptions.Extent - half, StudyOptions.Extent + half);
        plot.Add.ColorBar(heatmap).Label = "density";
        return plot;
    }

    /// <summary>The true density at the nodes of the density grid, [x index, y index].</summary>
    public static double[,] TrueDensity(StudyData data)
    {
        var grid = Study.DensityGrid;
        var values = new double[grid.XCount, grid.YCount];
        for (var i = 0; i < grid.XCount; i++)
        {
            for (var j = 0; j < grid.YCount; j++)
            {
                values[i, j] = data.Mixture.Density([grid.X(i), grid.Y(j)]);
            }
        }

        return values;
    }

    private static Multiplot GalleryFigure(GalleryResult set)
    {
        var data = NewPlanarPlot($"{set.Title}: {set.Data.GetLength(0):N0} samples");
        AddPoints(data, set.Data, DataColor, 4, null);
        var samples = NewPlanarPlot($"{set.Sampling.Samples.GetLength(0):N0} annealed Langevin chains");
        AddPoints(samples, set.Sampling.Samples, ChainColor, 4, null);
        foreach (var plot in new[] { data, samples })
        {
            plot.Axes.SetLimits(-5, 5, -5, 5);
            plot.Axes.SquareUnits();
        }

        var figure = new Multiplot(data);
        figure.AddPlot(samples);
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        return figure;
    }

    /// <summary>The length of the arrow of a unit score: the longest true arrow spans most of a grid cell.</summary>
    private static double Scale(double[,] trueField)
    {
        var largest = 0.0;
        for (var n = 0; n < trueField.GetLength(0); n++)
        {
            largest = Math.Max(largest, Math.Sqrt((trueField[n, 0] * trueField[n, 0]) + (trueField[n, 1] * trueField[n, 1])));
        }

        var spacing = 2 * StudyOptions.Extent / (Study.FieldNodes - 1);
        return 0.9 * spacing / largest;
    }

    /// <summary>
    /// Draws the score at each node of <see cref="Study.FieldGrid"/> as an arrow whose length is the score's times
    /// <paramref name="scale"/>, so that fields drawn with one scale compare by length; an arrow is cut at two grid cells,
    /// which only a wildly wrong fit reaches.
    /// </summary>
    private static void AddField(Plot plot, double[,] field, Color color, double scale, string label)
    {
        var grid = Study.FieldGrid;
        var spacing = 2 * StudyOptions.Extent / (Study.FieldNodes - 1);
        for (var n = 0; n < grid.GetLength(0); n++)
        {
            var (dx, dy) = (field[n, 0] * scale, field[n, 1] * scale);
            var length = Math.Sqrt((dx * dx) + (dy * dy));
            if (length > 2 * spacing)
            {
                (dx, dy) = (dx * 2 * spacing / length, dy * 2 * spacing / length);
            }

            var arrow = plot.Add.Arrow(grid[n, 0], grid[n, 1], grid[n, 0] + dx, grid[n, 1] + dy);
            arrow.ArrowLineColor = color;
            arrow.ArrowFillColor = color;
            arrow.ArrowLineWidth = 1;
            arrow.ArrowWidth = 1;
            arrow.ArrowheadLength = 6;
            arrow.ArrowheadWidth = 6;
            arrow.ArrowheadAxisLength = 6;
            arrow.ArrowMinimumLength = 0;
            if (n == 0)
            {
                arrow.LegendText = label;
            }
        }
    }

    private static string Save(Plot plot, string folder, string name, int width, int height)
    {
        var path = Path.Combine(folder, name);
        plot.SavePng(path, width, height);
        return path;
    }
}
