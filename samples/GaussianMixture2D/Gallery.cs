using System.Diagnostics;

namespace GaussianMixture2D;

/// <summary>
/// Fits the four planar test sets the way (3) fits the mixture, a noise-conditional network trained by denoising over
/// the levels 10 to 0.01, and samples each by annealed Langevin dynamics from the same uniform starts.
/// </summary>
internal sealed class Gallery(StudyOptions options, StudyData data)
{
    /// <summary>Fits and samples every set in order.</summary>
    /// <param name="progress">Told of each set's work: the set, and the fraction done.</param>
    public IReadOnlyList<GalleryResult> Run(Action<GallerySet, double>? progress = null) =>
        Enum.GetValues<GallerySet>().Select(set => RunOne(set, fraction => progress?.Invoke(set, fraction))).ToList();

    private GalleryResult RunOne(GallerySet set, Action<double> progress)
    {
        // Each set draws from a generator of its own, so that one set's samples do not depend on which sets ran before.
        var random = new Random(unchecked((options.Seed * 31) + (int)set + 1));
        var samples = set.Sample(random, options.Samples);
        var reference = set.Sample(random, options.Chains);
        using var model = Fitting.CreateNoiseConditionalModel(options, samples);
        var watch = Stopwatch.StartNew();
        var losses = Fitting.TrainNoiseConditional(model, samples, options, fraction => progress(0.85 * fraction));
        watch.Stop();
        var sampling = Chains.Run(model, annealed: true, data.Starts, options, s => Chains.Measure(s, reference, null), fraction => progress(0.85 + (0.15 * fraction)));
        return new GalleryResult(set, samples, sampling, losses[^1], watch.Elapsed);
    }
}
