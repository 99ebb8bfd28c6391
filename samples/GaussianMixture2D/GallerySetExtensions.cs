using FiniteDifferenceScoreMatching.Distributions;

namespace GaussianMixture2D;

/// <summary>The title, file stem and sampler of each gallery set.</summary>
internal static class GallerySetExtensions
{
    public static string Title(this GallerySet set) => set switch
    {
        GallerySet.EightGaussians => "Eight Gaussians",
        GallerySet.TwoMoons => "Two moons",
        GallerySet.Checkerboard => "Checkerboard",
        GallerySet.TwoSpirals => "Two spirals",
        _ => set.ToString(),
    };

    public static string FileStem(this GallerySet set) => "gallery-" + set switch
    {
        GallerySet.EightGaussians => "eight-gaussians",
        GallerySet.TwoMoons => "two-moons",
        GallerySet.Checkerboard => "checkerboard",
        GallerySet.TwoSpirals => "two-spirals",
        _ => set.ToString().ToLowerInvariant(),
    };

    public static double[,] Sample(this GallerySet set, Random random, int count) => set switch
    {
        GallerySet.EightGaussians => PlanarTestSets.EightGaussians(random, count),
        GallerySet.TwoMoons => PlanarTestSets.TwoMoons(random, count),
        GallerySet.Checkerboard => PlanarTestSets.Checkerboard(random, count),
        GallerySet.TwoSpirals => PlanarTestSets.TwoSpirals(random, count),
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "Unknown test set."),
    };
}
