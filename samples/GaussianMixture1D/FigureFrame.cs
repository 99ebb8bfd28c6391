using System.Globalization;
using ScottPlot;

namespace GaussianMixture1D;

/// <summary>
/// The ranges a figure shows, chosen from the truth and the data rather than from every curve drawn, and a note for
/// each curve that leaves them, so that a clipped curve is never silently cut.
/// </summary>
internal sealed class FigureFrame(AxisRange x, AxisRange y)
{
    /// <summary>The most notes written on a figure; further ones are counted.</summary>
    private const int MaxNotes = 3;

    private readonly List<string> _notes = [];

    public AxisRange X => x;

    public AxisRange Y => y;

    /// <summary>Notes where <paramref name="ys"/> leaves the y range while inside the x range.</summary>
    public void Check(string name, IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        var (high, highAt, low, lowAt) = (double.NegativeInfinity, 0.0, double.PositiveInfinity, 0.0);
        for (var i = 0; i < xs.Count; i++)
        {
            if (!x.Contains(xs[i]))
            {
                continue;
            }

            (high, highAt) = ys[i] > high ? (ys[i], xs[i]) : (high, highAt);
            (low, lowAt) = ys[i] < low ? (ys[i], xs[i]) : (low, lowAt);
        }

        if (high > y.Upper)
        {
            _notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name} rises to {high:G3} at x = {highAt:F1}, above the range"));
        }

        if (low < y.Lower)
        {
            _notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name} falls to {low:G3} at x = {lowAt:F1}, below the range"));
        }
    }

    /// <summary>
    /// As <see cref="Check"/>, and notes the share of a density's mass that lies outside the x range when it is more
    /// than a few percent: a curve whose mass is out of sight would otherwise look merely flat.
    /// </summary>
    public void CheckDensity(string name, IReadOnlyList<double> xs, IReadOnlyList<double> pdf)
    {
        Check(name, xs, pdf);
        double inside = 0, total = 0, peak = pdf[0], peakAt = xs[0];
        for (var i = 1; i < xs.Count; i++)
        {
            (peak, peakAt) = pdf[i] > peak ? (pdf[i], xs[i]) : (peak, peakAt);
            var area = 0.5 * (pdf[i] + pdf[i - 1]) * (xs[i] - xs[i - 1]);
            total += area;
            inside += x.Contains(xs[i]) && x.Contains(xs[i - 1]) ? area : 0;
        }

        var outside = total > 0 ? 1 - (inside / total) : 0;
        if (outside > 0.05)
        {
            _notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name} has {outside:P0} of its mass beyond the x range {x} (its peak: {peak:G3} at x = {peakAt:F1})"));
        }
    }

    /// <summary>Checks a run of values against the y range alone, as for a loss over epochs.</summary>
    public void CheckValues(string name, IReadOnlyList<double> values)
    {
        var above = Enumerable.Range(0, values.Count).Where(i => values[i] > y.Upper).ToList();
        if (above.Count > 0)
        {
            var peak = above.Max(i => values[i]);
            _notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name} of {Epochs(above)} is above the range (up to {peak:G3})"));
        }

        var below = Enumerable.Range(0, values.Count).Where(i => values[i] < y.Lower).ToList();
        if (below.Count > 0)
        {
            var trough = below.Min(i => values[i]);
            _notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name} of {Epochs(below)} is below the range (down to {trough:G3})"));
        }
    }

    /// <summary>Sets the plot's limits to the frame and writes the notes, if any, under the title, in a smaller font.</summary>
    public void Apply(Plot plot, string title)
    {
        plot.Axes.SetLimits(x.Lower, x.Upper, y.Lower, y.Upper);
        if (_notes.Count == 0)
        {
            plot.Title(title);
            return;
        }

        var notes = _notes.Take(MaxNotes).ToList();
        if (_notes.Count > MaxNotes)
        {
            notes[^1] += string.Create(CultureInfo.InvariantCulture, $"; {_notes.Count - MaxNotes} more curves leave the range");
        }

        plot.Title(title + "\n" + string.Join("\n", notes));
        plot.Axes.Title.Label.FontSize = 14;
    }

    /// <summary>Epoch indices (from 0) written as epochs counted from 1: "epoch 3", "epochs 1–12", or "12 epochs".</summary>
    private static string Epochs(List<int> indices)
    {
        if (indices.Count == 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"epoch {indices[0] + 1}");
        }

        var contiguous = indices[^1] - indices[0] == indices.Count - 1;
        return contiguous
            ? string.Create(CultureInfo.InvariantCulture, $"epochs {indices[0] + 1}–{indices[^1] + 1}")
            : string.Create(CultureInfo.InvariantCulture, $"{indices.Count} epochs from {indices[0] + 1} to {indices[^1] + 1}");
    }
}
