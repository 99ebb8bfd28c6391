using FiniteDifferenceScoreMatching.OneDimensional;

namespace GaussianMixture1D;

/// <summary>The target distribution of the study, tabulated on the grid, and the samples drawn from it.</summary>
internal sealed record StudyData(GaussianMixture Mixture, UniformGrid Grid, double[] TruePdf, double[] TrueScore, double[] Samples, double[] FewSamples)
{
    /// <summary>The mixture 0.1·N(−3, 1) + 0.9·N(3, 1) on 200 points of [−10, 10], as in the original example.</summary>
    public static StudyData Create(StudyOptions options)
    {
        var mixture = new GaussianMixture([-3.0, 3.0], [1.0, 1.0], [0.1, 0.9]);
        var grid = new UniformGrid(-10, 10, 200);
        var random = new Random(options.Seed);
        var samples = mixture.Sample(random, options.Samples);
        var few = mixture.Sample(random, options.FewSamples);
        return new StudyData(mixture, grid, grid.Evaluate(mixture.Density), grid.Evaluate(mixture.Score), samples, few);
    }
}
