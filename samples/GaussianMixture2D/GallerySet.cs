namespace GaussianMixture2D;

/// <summary>The four planar test sets of the gallery.</summary>
internal enum GallerySet
{
    EightGaussians,
    TwoMoons,
    Checkerboard,
    TwoSpirals,
}
