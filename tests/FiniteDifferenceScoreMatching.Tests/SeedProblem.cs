using FiniteDifferenceScoreMatching.OneDimensional;

namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>The original example: 0.1·N(−3, 1) + 0.9·N(3, 1), a grid of 200 points on [−10, 10], 1,024 samples.</summary>
internal static class SeedProblem
{
    public const int SampleSeed = 12345;

    public static GaussianMixture Mixture { get; } = new([-3.0, 3.0], [1.0, 1.0], [0.1, 0.9]);

    public static UniformGrid Grid { get; } = new(-10, 10, 200);

    public static GridTarget Target { get; } = GridTarget.Tabulate(Grid, Mixture.Density, Mixture.Score);

    public static double[] Samples(int count = 1024) => Mixture.Sample(new Random(SampleSeed), count);
}
