namespace GaussianMixture2D;

/// <summary>The three ways the study fits the score of the mixture, in its order.</summary>
internal enum ExperimentKind
{
    /// <summary>(1) Finite differences along each coordinate axis, sampled by plain Langevin dynamics.</summary>
    Coordinate,

    /// <summary>(2) Sliced finite differences along random directions, sampled by plain Langevin dynamics.</summary>
    Sliced,

    /// <summary>(3) A noise-conditional model trained by denoising over ten levels, sampled by annealed Langevin dynamics.</summary>
    NoiseConditional,
}
