using FiniteDifferenceScoreMatching.OneDimensional;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>The original example's mixture and its samples.</summary>
internal static class SeedProblem
{
    public static GaussianMixture Mixture { get; } = new([-3.0, 3.0], [1.0, 1.0], [0.1, 0.9]);

    public static double[] Samples(int count) => Mixture.Sample(new Random(12345), count);
}
