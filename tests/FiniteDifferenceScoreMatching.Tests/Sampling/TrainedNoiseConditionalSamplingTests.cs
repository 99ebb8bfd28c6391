using System.Globalization;
using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Metrics;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Sampling;
using FiniteDifferenceScoreMatching.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Sampling;

/// <summary>
/// Annealed Langevin dynamics over noise-conditional models trained on 1,024 samples of the original author's 2-D
/// mixture, judged against the same sampler driven by the mixture's exact score.
/// </summary>
public sealed class TrainedNoiseConditionalSamplingTests(ITestOutputHelper output)
{
    private const int SampleCount = 1_024;
    private static readonly MultivariateGaussianMixture Mixture = MultivariateGaussianMixture.Diagonal(
        [0.4, 0.4, 0.2], [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);

    private static readonly NoiseSchedule Noise = NoiseSchedule.Geometric(10, 0.01, 10);

    [Fact]
    public void SampleAnnealed_TrainedOnTheSamples_SeedsOneToTen_MatchTheExactScoresFractionsAndPassTheTwoSampleTest()
    {
        var data = Mixture.Sample(new Random(1), SampleCount);
        var start = Uniform(new Random(2), SampleCount, 8);
        var truth = Mixture.Sample(new Random(3), SampleCount);
        var options = new AnnealedLangevinOptions { StepsPerLevel = 100 };
        double[] exact;
        using (var model = new NoisedMixtureScoreModel(Mixture, Noise))
        using (var generator = new Generator(4))
        {
            exact = Mixture.ComponentFractions(LangevinSampler.SampleAnnealed(model, start, generator, options).Samples);
        }

        output.WriteLine($"data fractions {Format(Mixture.ComponentFractions(data))}; exact-score sampler {Format(exact)}");
        var passed = 0;
        for (var seed = 1; seed <= 10; seed++)
        {
            using var model = new NoiseConditionalScoreModel(seed, Noise, new MlpOptions { Dimension = 2, HiddenWidths = [64, 64] }, NoiseConditionalScoreModel.DataScaleOf(data));
            var loss = new NoiseConditionalScoreMatchingLoss(data);
            foreach (var (rate, epochs) in new[] { (1e-3, 3_000), (1e-4, 1_000) })
            {
                using var trainer = new Trainer(model, new TrainerOptions { LearningRate = rate, Seed = seed });
                trainer.Train(loss, epochs).StopReason.Should().Be(StopReason.Completed);
            }

            using var generator = new Generator(4);
            var samples = LangevinSampler.SampleAnnealed(model, start, generator, options).Samples;
            var fractions = Mixture.ComponentFractions(samples);
            var bandwidth = SampleDistances.MedianDistance(samples, truth);
            var test = SampleDistances.PermutationTest(samples, truth, (a, b) => SampleDistances.MaximumMeanDiscrepancySquared(a, b, bandwidth), 99, new Random(5));
            var close = fractions.Zip(exact).All(p => Math.Abs(p.First - p.Second) <= 0.05);
            var below = test.Observed < test.NullQuantile(0.99);
            passed += close && below ? 1 : 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seed,2}: fractions {Format(fractions)} ({(close ? "within" : "outside")} ±0.05), MMD² {test.Observed:E2} vs null 99th percentile {test.NullQuantile(0.99):E2}"));
        }

        output.WriteLine($"{passed} of 10 seeds pass both");
        passed.Should().BeGreaterThanOrEqualTo(8);
    }

    private static string Format(double[] fractions) => string.Join(" / ", fractions.Select(f => f.ToString("F3", CultureInfo.InvariantCulture)));

    /// <summary>Points uniform on [−half, half]², one per row.</summary>
    private static double[,] Uniform(Random random, int count, double half)
    {
        var points = new double[count, 2];
        for (var n = 0; n < count; n++)
        {
            (points[n, 0], points[n, 1]) = ((random.NextDouble() * 2 * half) - half, (random.NextDouble() * 2 * half) - half);
        }

        return points;
    }
}
