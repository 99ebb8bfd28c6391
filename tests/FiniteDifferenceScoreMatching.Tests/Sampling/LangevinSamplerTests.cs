using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Metrics;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Sampling;
using FiniteDifferenceScoreMatching.Tests.ConsumerCode;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Sampling;

/// <summary>The samplers driven by the exact score of the original author's 2-D mixture.</summary>
public sealed class LangevinSamplerTests(ITestOutputHelper output)
{
    private static readonly MultivariateGaussianMixture Mixture = MultivariateGaussianMixture.Diagonal(
        [0.4, 0.4, 0.2], [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);

    [Fact]
    public void SampleAnnealed_ExactScore_GivesTheMixturesWeightsAndPassesTheTwoSampleTest()
    {
        using var model = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(10, 0.01, 10));
        using var generator = new Generator(1);

        var result = LangevinSampler.SampleAnnealed(model, Uniform(new Random(2), 600, 8), generator, new AnnealedLangevinOptions { StepsPerLevel = 100 });

        var fractions = Mixture.ComponentFractions(result.Samples);
        var truth = Mixture.Sample(new Random(3), 600);
        var bandwidth = SampleDistances.MedianDistance(result.Samples, truth);
        var test = SampleDistances.PermutationTest(result.Samples, truth, (a, b) => SampleDistances.MaximumMeanDiscrepancySquared(a, b, bandwidth), 99, new Random(4));
        output.WriteLine($"component fractions {string.Join(", ", fractions.Select(f => f.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}; MMD² {test.Observed:E3}, null 95th percentile {test.NullQuantile(0.95):E3}, p = {test.PValue:F2}");
        result.StepsCompleted.Should().Be(1000);
        fractions[0].Should().BeApproximately(0.4, 0.05);
        fractions[1].Should().BeApproximately(0.4, 0.05);
        fractions[2].Should().BeApproximately(0.2, 0.05);
        test.Observed.Should().BeLessThan(test.NullQuantile(0.95));
    }

    [Fact]
    public void Sample_ExactScoreWithTheNotesSettings_IsReportedAsItIs()
    {
        // Plain Langevin dynamics at step 0.078 up to t = 10 (128 steps) from uniform starting points: the chains stay in
        // the basin they start in, so the modes' shares follow the starting points, not the weights.
        using var model = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(1e-6, 1e-6, 1));
        using var generator = new Generator(5);

        var result = LangevinSampler.Sample(model, Uniform(new Random(6), 600, 8), generator, new LangevinOptions { StepSize = 0.078, Steps = 128 });

        var fractions = Mixture.ComponentFractions(result.Samples);
        output.WriteLine($"component fractions {string.Join(", ", fractions.Select(f => f.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))} against 0.4, 0.4, 0.2");
        fractions.Sum().Should().BeApproximately(1, 1e-12);
        fractions[2].Should().BeGreaterThan(0.2, "the middle component's basin collects more than its weight of uniform starting points");
    }

    [Fact]
    public void Sample_SameGeneratorState_SameChains_AndTheTrajectoryIsKept()
    {
        using var model = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(0.5, 0.5, 1));
        var start = Uniform(new Random(7), 20, 4);
        var options = new LangevinOptions { StepSize = 0.05, Steps = 30, RecordInterval = 10 };

        SamplingResult Run()
        {
            using var generator = new Generator(8);
            return LangevinSampler.Sample(model, start, generator, options);
        }

        var first = Run();
        var second = Run();

        second.Samples.Cast<double>().Should().Equal(first.Samples.Cast<double>());
        first.Trajectory.Should().HaveCount(4);
        first.Trajectory[0].Cast<double>().Should().Equal(start.Cast<double>());
        first.Trajectory[^1].Cast<double>().Should().Equal(first.Samples.Cast<double>());
    }

    [Fact]
    public void SampleAnnealed_ManySteps_LiveTensorCountDoesNotGrow()
    {
        using var model = new NoiseConditionalScoreModel(1, NoiseSchedule.Geometric(1, 0.1, 4), new MlpOptions { Dimension = 2, HiddenWidths = [16] });
        using var generator = new Generator(9);
        var start = Uniform(new Random(10), 64, 2);
        LangevinSampler.SampleAnnealed(model, start, generator, new AnnealedLangevinOptions { StepsPerLevel = 5 });
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var result = LangevinSampler.SampleAnnealed(model, start, generator, new AnnealedLangevinOptions { StepsPerLevel = 2500 });

        result.StepsCompleted.Should().Be(10_000);
        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before, "a step leaves no tensor behind");
    }

    [Fact]
    public void SampleMetropolisAdjusted_LargeStep_KeepsTheExactVarianceWhereUnadjustedInflatesIt()
    {
        // For N(0, 1) and step ε, the unadjusted chain x ← (1 − ε) x + √(2ε) z is stationary at variance 1 / (1 − ε/2).
        using var model = new EnergyScoreModel(new QuadraticEnergy(1), dimension: 2);
        var start = Uniform(new Random(14), 4000, 3);
        var options = new LangevinOptions { StepSize = 0.5, Steps = 200 };

        using var first = new Generator(15);
        var unadjusted = LangevinSampler.Sample(model, start, first, options);
        using var second = new Generator(16);
        var adjusted = LangevinSampler.SampleMetropolisAdjusted(model, start, second, options);

        var (plain, exact) = (Variance(unadjusted.Samples), Variance(adjusted.Samples));
        output.WriteLine($"variance: unadjusted {plain:F3} (theory {1 / (1 - 0.25):F3}), adjusted {exact:F3}; acceptance {adjusted.AcceptanceRate:F3}");
        plain.Should().BeApproximately(1 / (1 - 0.25), 0.05);
        exact.Should().BeApproximately(1, 0.05);
        adjusted.AcceptanceRate.Should().BeInRange(0.5, 0.99);
        unadjusted.AcceptanceRate.Should().BeNull();
    }

    [Fact]
    public void SampleMetropolisAdjusted_ManySteps_LiveTensorCountDoesNotGrow()
    {
        using var model = new EnergyScoreModel(17, new MlpOptions { Dimension = 2, HiddenWidths = [16], Activation = Activation.Softplus });
        using var generator = new Generator(18);
        var start = Uniform(new Random(19), 64, 2);
        LangevinSampler.SampleMetropolisAdjusted(model, start, generator, new LangevinOptions { Steps = 5 });
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var result = LangevinSampler.SampleMetropolisAdjusted(model, start, generator, new LangevinOptions { Steps = 10_000, StepSize = 0.01 });

        result.StepsCompleted.Should().Be(10_000);
        result.AcceptanceRate.Should().BeInRange(0, 1);
        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before, "a step leaves no tensor behind");
    }

    [Fact]
    public void Sample_Cancelled_ReturnsTheChainsAsTheyAre()
    {
        using var model = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(0.5, 0.5, 1));
        using var generator = new Generator(11);
        var start = Uniform(new Random(12), 5, 4);

        var result = LangevinSampler.Sample(model, start, generator, cancellationToken: new CancellationToken(canceled: true));

        result.Cancelled.Should().BeTrue();
        result.StepsCompleted.Should().Be(0);
        result.Samples.Cast<double>().Should().Equal(start.Cast<double>());
    }

    [Fact]
    public void Sample_BadArguments_ThrowNamingThem()
    {
        using var model = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(0.5, 0.5, 1));
        using var generator = new Generator(13);

        ((Action)(() => LangevinSampler.Sample(model, new double[3, 3], generator))).Should().Throw<ArgumentException>().WithParameterName("initial").WithMessage("*3 coordinates*2*");
        ((Action)(() => LangevinSampler.Sample(model, new double[3, 2], generator, new LangevinOptions { StepSize = 0 }))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("StepSize");
        ((Action)(() => LangevinSampler.Sample(model, new double[3, 2], null!))).Should().Throw<ArgumentNullException>().WithParameterName("generator");
        ((Action)(() => LangevinSampler.SampleAnnealed(model, new double[3, 2], generator, new AnnealedLangevinOptions { StepsPerLevel = 0 }))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("StepsPerLevel");
    }

    /// <summary>The variance of all coordinates of all points, pooled.</summary>
    private static double Variance(double[,] points)
    {
        var values = points.Cast<double>().ToArray();
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
    }

    /// <summary>Points uniform on [−half, half]², one per row.</summary>
    internal static double[,] Uniform(Random random, int count, double half)
    {
        var points = new double[count, 2];
        for (var n = 0; n < count; n++)
        {
            (points[n, 0], points[n, 1]) = ((random.NextDouble() * 2 * half) - half, (random.NextDouble() * 2 * half) - half);
        }

        return points;
    }
}
