using FiniteDifferenceScoreMatching.OneDimensional.Fitting;

namespace FitQuality;

/// <summary>One configuration to run over the initialisation seeds.</summary>
/// <param name="Name">The heading of its table.</param>
/// <param name="SampleCount">The number of samples drawn from the mixture.</param>
/// <param name="SampleSeed">The seed of the <see cref="Random"/> the samples are drawn with.</param>
/// <param name="Fit">The options of the high-level fit, or <see langword="null"/> for the original example's training (1 → 8 → 1 ReLU, Adam 0.03, 500 epochs on every sample).</param>
internal sealed record Setup(string Name, int SampleCount, int SampleSeed, FitOptions? Fit);
