using System.Globalization;
using ScottPlot;

namespace FitQuality.Suite;

/// <summary>One figure per distribution: the true density, the default fit and the likelihood-cross-validated kernel estimate of the first sample set.</summary>
internal static class SuiteFigures
{
    /// <summary>The number of points each curve is drawn through.</summary>
    private const int Points = 800;

    /// <summary>Fits the first sample set of each distribution at <paramref name="size"/> samples and writes suite-&lt;name&gt;.png into <paramref name="directory"/>.</summary>
    /// <param name="distributions">The distributions.</param>
    /// <param name="size">The sample size.</param>
    /// <param name="directory">Where the figures go; created if missing.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Write(IReadOnlyList<SuiteDistribution> distributions, int size, string directory)
    {
        ArgumentNullException.ThrowIfNull(distributions);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var distribution in distributions)
        {
            var samples = distribution.Draw(distribution.SampleSeed(0), size);
            using var fit = EstimatorCatalog.Create(EstimatorCatalog.Candidate).Fit(samples, 0);
            using var kernel = EstimatorCatalog.Create(EstimatorCatalog.Reference).Fit(samples, 0);

            // The central 98 % of the truth, widened by a tenth on each side: wide enough for the modes and the
            // shoulders, narrow enough that the Cauchy's tails do not squeeze its peak into a line.
            var (low, high) = (distribution.Distribution.Quantile(0.01), distribution.Distribution.Quantile(0.99));
            (low, high) = (low - (0.1 * (high - low)), high + (0.1 * (high - low)));
            var xs = Enumerable.Range(0, Points).Select(i => low + ((high - low) * i / (Points - 1))).ToArray();

            var plot = new Plot();
            plot.Title(string.Create(CultureInfo.InvariantCulture, $"{distribution.Name}, N = {size:N0}"));
            plot.XLabel("x");
            plot.YLabel("density");
            Add(plot, xs, xs.Select(distribution.Distribution.Density).ToArray(), Colors.Black, 3, "truth");
            Add(plot, xs, xs.Select(kernel.Density).ToArray(), Colors.DarkOrange, 1.5f, "kernel, LCV");
            Add(plot, xs, xs.Select(fit.Density).ToArray(), Colors.RoyalBlue, 2, "fit");
            plot.ShowLegend(Alignment.UpperRight);
            var path = Path.Combine(directory, $"suite-{distribution.Name}.png");
            plot.SavePng(path, 480, 320);
            written.Add(path);
        }

        return written;
    }

    private static void Add(Plot plot, double[] xs, double[] ys, Color color, float width, string label)
    {
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LineWidth = width;
        line.LegendText = label;
    }
}
