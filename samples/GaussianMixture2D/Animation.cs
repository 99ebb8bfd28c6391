using System.Globalization;
using ScottPlot;
using SkiaSharp;

namespace GaussianMixture2D;

/// <summary>Animates the chains of an experiment as a GIF: one ScottPlot frame per recorded step, decoded by SkiaSharp and quantised to the GIF's palette.</summary>
internal static class Animation
{
    public const int Width = 480;
    public const int Height = 440;

    /// <summary>A tenth of a second per frame.</summary>
    private const int FrameDelay = 10;

    /// <summary>The last frame is held for three seconds before the animation starts again.</summary>
    private const int FinalDelay = 300;

    /// <summary>Writes <c>{stem}-chains.gif</c> into <paramref name="folder"/> and returns its path.</summary>
    public static string Write(string folder, StudyData data, ExperimentResult result)
    {
        var path = Path.Combine(folder, $"{result.FileStem}-chains.gif");
        var frames = result.Sampling.Frames;
        var total = frames[^1].Step;
        using var file = File.Create(path);
        using (var gif = new GifEncoder(file, Width, Height))
        {
            for (var k = 0; k < frames.Count; k++)
            {
                var plot = Figures.NewPlanarPlot($"({result.Number}) {Caption(frames[k], total)}");
                Figures.AddPoints(plot, data.Samples, Figures.DataColor, 3, null);
                Figures.AddPoints(plot, Planar.FiniteRows(frames[k].Points).Finite, Figures.ChainColor, 3, null);
                gif.AddFrame(Render(plot), k == frames.Count - 1 ? FinalDelay : FrameDelay);
            }
        }

        return path;
    }

    private static string Caption(ChainFrame frame, int total)
    {
        var step = string.Create(CultureInfo.InvariantCulture, $"step {frame.Step}/{total}");
        return frame.Step == 0 ? "start: uniform on [−8, 8]²"
            : double.IsNaN(frame.Sigma) ? $"Langevin, {step}"
            : string.Create(CultureInfo.InvariantCulture, $"annealed, {step}, σ = {frame.Sigma:G2}");
    }

    /// <summary>
    /// Renders the plot through an uncompressed bitmap, which SkiaSharp decodes, and maps each pixel, row by row from the
    /// top, to the GIF's palette. Chains that stopped being finite are left out of the frame.
    /// </summary>
    private static byte[] Render(Plot plot)
    {
        var bytes = plot.GetImageBytes(Width, Height, ImageFormat.Bmp);
        using var bitmap = SKBitmap.Decode(bytes) ?? throw new InvalidOperationException("SkiaSharp could not decode the rendered frame.");
        return Array.ConvertAll(bitmap.Pixels, pixel => GifEncoder.Quantize(pixel.Red, pixel.Green, pixel.Blue));
    }
}
