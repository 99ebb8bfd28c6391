using FiniteDifferenceScoreMatching.Distributions;

namespace GaussianMixture2D;

/// <summary>The target mixture, the samples the fits learn from, and the points the fits are judged on.</summary>
/// <param name="Mixture">0.4·N((−3, −3), I) + 0.4·N((3, 3), I) + 0.2·N((−1, 1), I).</param>
/// <param name="Samples">The samples every fit learns from.</param>
/// <param name="Reference">Fresh samples of the mixture that the chains' samples are compared with.</param>
/// <param name="SecondReference">More fresh samples, as many as <paramref name="Reference"/>: two draws of the truth give the distances' floor.</param>
/// <param name="FisherPoints">Fresh samples at which fitted and true scores are compared.</param>
/// <param name="Starts">The chains' starting points, uniform on [−8, 8]².</param>
internal sealed record StudyData(
    MultivariateGaussianMixture Mixture,
    double[,] Samples,
    double[,] Reference,
    double[,] SecondReference,
    double[,] FisherPoints,
    double[,] Starts)
{
    public static MultivariateGaussianMixture CreateMixture() => MultivariateGaussianMixture.Diagonal(
        weights: [0.4, 0.4, 0.2],
        means: [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]],
        variances: [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);

    /// <summary>Draws everything from one generator seeded by <see cref="StudyOptions.Seed"/>, in a fixed order.</summary>
    public static StudyData Create(StudyOptions options)
    {
        var mixture = CreateMixture();
        var random = new Random(options.Seed);
        var samples = mixture.Sample(random, options.Samples);
        var reference = mixture.Sample(random, options.Chains);
        var second = mixture.Sample(random, options.Chains);
        var fisher = mixture.Sample(random, options.FisherPoints);
        return new StudyData(mixture, samples, reference, second, fisher, Planar.Uniform(random, options.Chains, StudyOptions.Extent));
    }
}
