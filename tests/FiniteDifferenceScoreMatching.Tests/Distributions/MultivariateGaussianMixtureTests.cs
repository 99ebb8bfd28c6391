using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.OneDimensional;
using Xunit.Abstractions;

namespace FiniteDifferenceScoreMatching.Tests.Distributions;

public sealed class MultivariateGaussianMixtureTests(ITestOutputHelper output)
{
    /// <summary>A 2-D mixture with one correlated and one diagonal component.</summary>
    private static readonly MultivariateGaussianMixture Correlated = new(
        [0.3, 0.7],
        [[-2.0, 1.0], [1.5, -0.5]],
        [new double[,] { { 1.0, 0.6 }, { 0.6, 2.0 } }, new double[,] { { 0.5, 0.0 }, { 0.0, 0.25 } }]);

    [Fact]
    public void OneDimension_AgreesWithTheOneDimensionalMixture()
    {
        var oneD = new GaussianMixture([-3.0, 3.0], [1.0, 2.0], [0.1, 0.9]);
        var mixture = MultivariateGaussianMixture.Diagonal([0.1, 0.9], [[-3.0], [3.0]], [[1.0], [4.0]]);

        foreach (var x in new[] { -7.0, -3.0, 0.0, 2.5, 9.0 })
        {
            mixture.DensityLn([x]).Should().BeApproximately(oneD.DensityLn(x), 1e-12);
            mixture.Score([x])[0].Should().BeApproximately(oneD.Score(x), 1e-12);
        }
    }

    [Fact]
    public void Score_IsTheGradientOfTheLogDensity()
    {
        const double H = 1e-6;
        double[][] points = [[0.0, 0.0], [-2.5, 1.7], [3.0, -1.0], [-8.0, 9.0]];
        var worst = 0.0;
        foreach (var x in points)
        {
            var score = Correlated.Score(x);
            for (var i = 0; i < 2; i++)
            {
                double[] plus = [.. x];
                double[] minus = [.. x];
                plus[i] += H;
                minus[i] -= H;
                var slope = (Correlated.DensityLn(plus) - Correlated.DensityLn(minus)) / (2 * H);
                worst = Math.Max(worst, Math.Abs(score[i] - slope) / (1 + Math.Abs(slope)));
            }
        }

        output.WriteLine($"largest relative difference between the score and the central difference of log p: {worst:E2}");
        worst.Should().BeLessThan(1e-6);
    }

    [Fact]
    public void DensityLn_IntegratesToOne()
    {
        // The midpoint rule on [−12, 12]² with 600 × 600 cells.
        const int Cells = 600;
        const double Low = -12, Width = 24.0 / Cells;
        var sum = 0.0;
        for (var i = 0; i < Cells; i++)
        {
            for (var j = 0; j < Cells; j++)
            {
                sum += Correlated.Density([Low + ((i + 0.5) * Width), Low + ((j + 0.5) * Width)]) * Width * Width;
            }
        }

        output.WriteLine($"∫ p = {sum:R}");
        sum.Should().BeApproximately(1, 1e-6);
    }

    [Fact]
    public void Sample_HasTheMixturesMeanAndCovariance_AndIsSeeded()
    {
        var samples = Correlated.Sample(new Random(11), 200_000);
        double[] mean = [(0.3 * -2.0) + (0.7 * 1.5), (0.3 * 1.0) + (0.7 * -0.5)];

        // Σ = Σₖ wₖ (Σₖ + μₖμₖᵀ) − μμᵀ.
        var covariance = new double[2, 2];
        double[][] means = [[-2.0, 1.0], [1.5, -0.5]];
        double[] weights = [0.3, 0.7];
        for (var k = 0; k < 2; k++)
        {
            var component = Correlated.Covariance(k);
            for (var i = 0; i < 2; i++)
            {
                for (var j = 0; j < 2; j++)
                {
                    covariance[i, j] += weights[k] * (component[i, j] + (means[k][i] * means[k][j]));
                }
            }
        }

        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                covariance[i, j] -= mean[i] * mean[j];
            }
        }

        var count = samples.GetLength(0);
        var sampleMean = new double[2];
        for (var n = 0; n < count; n++)
        {
            sampleMean[0] += samples[n, 0] / count;
            sampleMean[1] += samples[n, 1] / count;
        }

        var sampleCovariance = new double[2, 2];
        for (var n = 0; n < count; n++)
        {
            for (var i = 0; i < 2; i++)
            {
                for (var j = 0; j < 2; j++)
                {
                    sampleCovariance[i, j] += (samples[n, i] - sampleMean[i]) * (samples[n, j] - sampleMean[j]) / (count - 1);
                }
            }
        }

        output.WriteLine($"mean ({sampleMean[0]:F4}, {sampleMean[1]:F4}) against ({mean[0]:F4}, {mean[1]:F4}); covariance [{sampleCovariance[0, 0]:F4}, {sampleCovariance[0, 1]:F4}; {sampleCovariance[1, 1]:F4}] against [{covariance[0, 0]:F4}, {covariance[0, 1]:F4}; {covariance[1, 1]:F4}]");
        sampleMean[0].Should().BeApproximately(mean[0], 0.02);
        sampleMean[1].Should().BeApproximately(mean[1], 0.02);
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                sampleCovariance[i, j].Should().BeApproximately(covariance[i, j], 0.03);
            }
        }

        Correlated.Sample(new Random(5), 10).Should().BeEquivalentTo(Correlated.Sample(new Random(5), 10), o => o.WithStrictOrdering());
    }

    [Fact]
    public void DensityAndScore_OfManyPoints_AreThoseOfEachRow()
    {
        var points = Correlated.Sample(new Random(3), 7);

        var logDensities = Correlated.DensityLn(points);
        var scores = Correlated.Score(points);

        for (var n = 0; n < 7; n++)
        {
            double[] row = [points[n, 0], points[n, 1]];
            logDensities[n].Should().Be(Correlated.DensityLn(row));
            scores[n, 0].Should().Be(Correlated.Score(row)[0]);
            scores[n, 1].Should().Be(Correlated.Score(row)[1]);
        }
    }

    [Fact]
    public void FarFromEveryMean_ScoreStaysFiniteAndPointsBack()
    {
        var score = Correlated.Score([500.0, -400.0]);

        score.Should().OnlyContain(v => double.IsFinite(v));
        score[0].Should().BeNegative();
        score[1].Should().BePositive();
    }

    [Fact]
    public void BadParameters_ThrowNamingTheParameter()
    {
        double[][] means = [[0.0, 0.0]];
        ((Action)(() => _ = new MultivariateGaussianMixture([], [], []))).Should().Throw<ArgumentException>().WithParameterName("weights");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5], means, [new double[,] { { 1, 0 }, { 0, 1 } }]))).Should().Throw<ArgumentException>().WithParameterName("weights").WithMessage("*sum to 0.5*");
        ((Action)(() => _ = new MultivariateGaussianMixture([1.0], means, [new double[,] { { 1, 2 }, { 2, 1 } }]))).Should().Throw<ArgumentException>().WithParameterName("covariances").WithMessage("*not positive definite*");
        ((Action)(() => _ = new MultivariateGaussianMixture([1.0], means, [new double[,] { { 1, 0.5 }, { 0.4, 1 } }]))).Should().Throw<ArgumentException>().WithParameterName("covariances").WithMessage("*symmetric*");
        ((Action)(() => _ = new MultivariateGaussianMixture([1.0], means, [new double[,] { { 1 } }]))).Should().Throw<ArgumentException>().WithParameterName("covariances").WithMessage("*2 × 2*");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], [[0.0, 0.0], [1.0]], [new double[,] { { 1, 0 }, { 0, 1 } }, new double[,] { { 1 } }]))).Should().Throw<ArgumentException>().WithParameterName("means");
        ((Action)(() => Correlated.Score([1.0]))).Should().Throw<ArgumentException>().WithParameterName("x");
        ((Action)(() => Correlated.DensityLn([1.0, double.NaN]))).Should().Throw<ArgumentException>().WithParameterName("x");
        ((Action)(() => Correlated.Score(new double[3, 3]))).Should().Throw<ArgumentException>().WithParameterName("points");
        ((Action)(() => Correlated.Sample(new Random(1), 0))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Noised_GrowsEveryCovarianceBySigmaSquared_AndTheModelScoresIt()
    {
        var mixture = MultivariateGaussianMixture.Diagonal([0.4, 0.6], [[-1.0, 0.0], [2.0, 1.0]], [[1.0, 2.0], [0.5, 1.0]]);

        var noised = mixture.Noised(0.5);

        var covariance = noised.Covariance(1);
        covariance[0, 0].Should().BeApproximately(0.75, 1e-12);
        covariance[1, 1].Should().BeApproximately(1.25, 1e-12);
        covariance[0, 1].Should().BeApproximately(0, 1e-12);
        noised.Weights.Should().Equal(mixture.Weights);
        using var model = new NoisedMixtureScoreModel(mixture, FiniteDifferenceScoreMatching.Models.NoiseSchedule.Geometric(1, 0.5, 2));
        using var scope = TorchSharp.torch.NewDisposeScope();
        var points = new double[,] { { 0.3, -0.2 }, { 1.5, 2.0 } };
        var x = TorchSharp.torch.tensor(new[] { 0.3, -0.2, 1.5, 2.0 }, [2, 2]);
        var scores = model.Score(x, TorchSharp.torch.tensor(new[] { 0.5, 0.5 })).data<double>().ToArray();
        scores.Should().Equal(noised.Score(points).Cast<double>());
        ((Action)(() => mixture.Noised(-1))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("sigma");
    }

    [Fact]
    public void ComponentFractions_OfTheMixturesOwnSamples_AreNearItsWeights()
    {
        var mixture = MultivariateGaussianMixture.Diagonal([0.4, 0.4, 0.2], [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);

        var fractions = mixture.ComponentFractions(mixture.Sample(new Random(9), 20_000));

        fractions.Sum().Should().BeApproximately(1, 1e-9);
        fractions[0].Should().BeApproximately(0.4, 0.02);
        fractions[1].Should().BeApproximately(0.4, 0.02);
        fractions[2].Should().BeApproximately(0.2, 0.02);
    }
}
