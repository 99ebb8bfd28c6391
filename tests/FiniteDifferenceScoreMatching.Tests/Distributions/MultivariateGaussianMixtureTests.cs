using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.OneDimensional;
using Xunit.Abstractions;

namespace FiniteDifferenceScoreMatching.Tests.Distributions;

/// <summary>
/// The multivariate mixture against closed forms worked out in the tests: log-density, score and seeded sampling with
/// full and diagonal covariances, component fractions, and argument checks whose messages name the component.
/// </summary>
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

    [Fact]
    public void DensityLnAndScore_FullCovariances_MatchTheClosedForm()
    {
        // Two correlated components; each 2 × 2 covariance [[a, b], [b, c]] has determinant ac − b² and inverse
        // [[c, −b], [−b, a]] / (ac − b²).
        double[] weights = [0.35, 0.65];
        double[][] means = [[1.0, -1.0], [-0.5, 2.0]];
        double[][] covariances = [[4.0, 2.0, 3.0], [0.5, -0.2, 0.8]];
        var mixture = new MultivariateGaussianMixture(weights, means, [Matrix(covariances[0]), Matrix(covariances[1])]);

        double[][] points = [[0.0, 0.0], [1.5, -2.0], [-1.0, 3.0], [6.0, 5.0]];
        foreach (var x in points)
        {
            var densities = new double[2];
            var scores = new double[2][];
            for (var k = 0; k < 2; k++)
            {
                var (a, b, c) = (covariances[k][0], covariances[k][1], covariances[k][2]);
                var determinant = (a * c) - (b * b);
                var (dx, dy) = (x[0] - means[k][0], x[1] - means[k][1]);
                var (sx, sy) = (((c * dx) - (b * dy)) / determinant, ((a * dy) - (b * dx)) / determinant);
                var quadratic = (dx * sx) + (dy * sy);
                densities[k] = weights[k] * Math.Exp(-0.5 * quadratic) / (2 * Math.PI * Math.Sqrt(determinant));
                scores[k] = [-sx, -sy];
            }

            var total = densities[0] + densities[1];
            mixture.DensityLn(x).Should().BeApproximately(Math.Log(total), 1e-12);
            mixture.Density(x).Should().BeApproximately(total, 1e-12 * total);
            var score = mixture.Score(x);
            for (var i = 0; i < 2; i++)
            {
                score[i].Should().BeApproximately(((densities[0] * scores[0][i]) + (densities[1] * scores[1][i])) / total, 1e-12);
            }
        }
    }

    [Fact]
    public void Diagonal_IsTheFullMixtureWithDiagonalCovariances_AndMatchesTheProductOfNormals()
    {
        double[] weights = [0.2, 0.8];
        double[][] means = [[0.0, 1.0, -1.0], [2.0, -1.0, 0.5]];
        double[][] variances = [[1.0, 0.25, 4.0], [2.0, 0.5, 1.5]];
        var diagonal = MultivariateGaussianMixture.Diagonal(weights, means, variances);
        var full = new MultivariateGaussianMixture(weights, means, [.. variances.Select(v => new double[,] { { v[0], 0, 0 }, { 0, v[1], 0 }, { 0, 0, v[2] } })]);

        double[] x = [0.5, 0.25, -2.0];
        var densities = new double[2];
        for (var k = 0; k < 2; k++)
        {
            densities[k] = weights[k];
            for (var i = 0; i < 3; i++)
            {
                var d = x[i] - means[k][i];
                densities[k] *= Math.Exp(-d * d / (2 * variances[k][i])) / Math.Sqrt(2 * Math.PI * variances[k][i]);
            }
        }

        var total = densities.Sum();
        diagonal.Dimension.Should().Be(3);
        diagonal.ComponentCount.Should().Be(2);
        diagonal.DensityLn(x).Should().BeApproximately(Math.Log(total), 1e-12);
        full.DensityLn(x).Should().BeApproximately(Math.Log(total), 1e-12);
        var score = diagonal.Score(x);
        for (var i = 0; i < 3; i++)
        {
            var expected = Enumerable.Range(0, 2).Sum(k => densities[k] * -(x[i] - means[k][i]) / variances[k][i]) / total;
            score[i].Should().BeApproximately(expected, 1e-12);
            full.Score(x)[i].Should().BeApproximately(expected, 1e-12);
        }
    }

    [Fact]
    public void MeanAndCovariance_GiveBackTheComponentsAsCopies()
    {
        var given = new double[,] { { 4.0, 2.0, 0.4 }, { 2.0, 3.0, 0.5 }, { 0.4, 0.5, 2.0 } };
        var mixture = new MultivariateGaussianMixture([0.5, 0.5], [[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]], [given, new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }]);

        var covariance = mixture.Covariance(0);
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                covariance[i, j].Should().BeApproximately(given[i, j], 1e-12);
            }
        }

        mixture.Mean(1).Should().Equal(-1.0, 0.0, 1.0);
        mixture.Mean(0)[0] = 99;
        mixture.Covariance(0)[0, 0] = 99;
        mixture.Mean(0).Should().Equal(1.0, 2.0, 3.0);
        mixture.Covariance(0)[0, 0].Should().BeApproximately(4.0, 1e-12);
        foreach (var component in new[] { -1, 2 })
        {
            ((Action)(() => mixture.Mean(component))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("component");
            ((Action)(() => mixture.Covariance(component))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("component");
        }
    }

    [Fact]
    public void Sample_IsTheMeanPlusTheCholeskyFactorTimesPolarNormals()
    {
        // Per point: one uniform picks the component (u below 0.25 the first, from 0.25 on the second), then a pair
        // (a, b) gives z = (u, v) f with (u, v) = (2a − 1, 2b − 1), s = u² + v², f = √(−2 ln s / s). The point is
        // μ + L z, with L the lower Cholesky factor: L₀₀ = √Σ₀₀, L₁₀ = Σ₁₀ / L₀₀, L₁₁ = √(Σ₁₁ − L₁₀²).
        double[][] means = [[1.0, -1.0], [-0.5, 2.0]];
        double[][] covariances = [[4.0, 2.0, 3.0], [0.5, -0.2, 0.8]];
        var mixture = new MultivariateGaussianMixture([0.25, 0.75], means, [Matrix(covariances[0]), Matrix(covariances[1])]);
        var random = ScriptedRandom.Sequence(0.1, 0.9, 0.25, 0.25, 0.2, 0.6, 0.9, 0.75, 0.75);

        var points = mixture.Sample(random, 3);

        random.Remaining.Should().Be(0);
        (int Component, double U, double V)[] draws = [(0, 0.8, -0.5), (1, -0.6, 0.2), (1, 0.5, 0.5)];
        for (var n = 0; n < 3; n++)
        {
            var (k, u, v) = draws[n];
            var s = (u * u) + (v * v);
            var f = Math.Sqrt(-2 * Math.Log(s) / s);
            var (a, b, c) = (covariances[k][0], covariances[k][1], covariances[k][2]);
            var l00 = Math.Sqrt(a);
            var l10 = b / l00;
            var l11 = Math.Sqrt(c - (l10 * l10));
            points[n, 0].Should().BeApproximately(means[k][0] + (l00 * u * f), 1e-12, $"point {n}");
            points[n, 1].Should().BeApproximately(means[k][1] + (l10 * u * f) + (l11 * v * f), 1e-12, $"point {n}");
        }
    }

    [Fact]
    public void Sample_NeverPicksAComponentOfWeightZero()
    {
        // Weights may fall short of 1 by up to 1e-9; a uniform draw beyond their sum goes to the last component of
        // positive weight, not to a trailing one of weight zero. Each point is its component's mean (0, 10 or 20)
        // plus 0.8 √(−2 ln 0.89 / 0.89), from the pair (0.9, 0.25).
        var offset = 0.8 * Math.Sqrt(-2 * Math.Log(0.89) / 0.89);
        double[][] means = [[0.0], [10.0], [20.0]];
        double[][] variances = [[1.0], [1.0], [1.0]];

        var cases = new (double[] Weights, double U, double Mean)[]
        {
            ([0.6, 0.4 - 1e-10, 0.0], 0.99999999995, 10),
            ([1 - 1e-10, 0.0, 0.0], 0.99999999995, 0),
            ([0.5, 0.0, 0.5], 0.5, 20),
            ([0.0, 0.5, 0.5], 0.0, 10),
        };
        foreach (var (weights, u, mean) in cases)
        {
            var mixture = MultivariateGaussianMixture.Diagonal(weights, means, variances);
            var random = ScriptedRandom.Sequence(u, 0.9, 0.25);

            var point = mixture.Sample(random, 1)[0, 0];

            point.Should().BeApproximately(mean + offset, 1e-12, $"weights [{string.Join(", ", weights)}] and u = {u}");
            random.Remaining.Should().Be(0);
        }
    }

    [Fact]
    public void Score_IgnoresAComponentWhoseDistanceOverflows()
    {
        // At x = 1e300 the narrow component's whitened distance 1e310 overflows: its responsibility is 0 and it must
        // add nothing, while the wide one (variance 1e300) gives −(x − 0) / 1e300 = −1.
        var mixture = MultivariateGaussianMixture.Diagonal([0.5, 0.5], [[0.0], [0.0]], [[1e-20], [1e300]]);

        mixture.Score([1e300])[0].Should().BeApproximately(-1, 1e-12);
        mixture.Score(new double[,] { { 1e300 } })[0, 0].Should().BeApproximately(-1, 1e-12);
        double.IsFinite(mixture.DensityLn([1e300])).Should().BeTrue();
    }

    [Fact]
    public void ComponentFractions_CountTheMostLikelyComponent_TiesGoingToTheFirst()
    {
        var separate = MultivariateGaussianMixture.Diagonal([0.5, 0.5], [[-5.0, 0.0], [5.0, 0.0]], [[1.0, 1.0], [1.0, 1.0]]);
        var identical = MultivariateGaussianMixture.Diagonal([0.5, 0.5], [[0.0, 0.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 1.0]]);
        var points = new double[,] { { -4.0, 1.0 }, { -6.0, -2.0 }, { 3.0, 0.0 }, { -0.5, 7.0 } };

        separate.ComponentFractions(points).Should().Equal(0.75, 0.25);
        identical.ComponentFractions(points).Should().Equal(1.0, 0.0);
    }

    [Fact]
    public void ArraysOfPoints_AreChecked_NamingPoints()
    {
        var mixture = Correlated;
        var nan = new double[,] { { 0.0, 0.0 }, { double.NaN, 1.0 } };
        var threeColumns = new double[2, 3];

        foreach (var (name, act) in new (string, Func<double[,], object>)[] { ("DensityLn", mixture.DensityLn), ("Score", mixture.Score), ("ComponentFractions", mixture.ComponentFractions) })
        {
            ((Action)(() => act(null!))).Should().Throw<ArgumentNullException>(name).WithParameterName("points");
            ((Action)(() => act(threeColumns))).Should().Throw<ArgumentException>(name).WithParameterName("points").WithMessage("*2 columns*");
            ((Action)(() => act(new double[2, 1]))).Should().Throw<ArgumentException>(name).WithParameterName("points").WithMessage("*2 columns*");
            ((Action)(() => act(nan))).Should().Throw<ArgumentException>(name).WithParameterName("points").WithMessage("*point 1*");
        }

        ((Action)(() => mixture.ComponentFractions(new double[0, 2]))).Should().Throw<ArgumentException>().WithParameterName("points").WithMessage("At least one point*");
        mixture.DensityLn(new double[0, 2]).Should().BeEmpty();
    }

    [Fact]
    public void Points_AreChecked_WithTheirLengthOrBadCoordinateInTheMessage()
    {
        ((Action)(() => Correlated.DensityLn([1.0]))).Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("*2 coordinates, but has 1*");
        ((Action)(() => Correlated.Score([1.0, double.PositiveInfinity]))).Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("*coordinate 1 is*");
        ((Action)(() => Correlated.Sample(null!, 3))).Should().Throw<ArgumentNullException>().WithParameterName("random");
        ((Action)(() => Correlated.Sample(new Random(1), -1))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("count");
    }

    [Fact]
    public void Constructor_NullOrMissingParts_ThrowNamingTheParameterAndTheComponent()
    {
        var identity = new double[,] { { 1, 0 }, { 0, 1 } };
        double[][] twoMeans = [[0.0, 0.0], [1.0, 1.0]];

        ((Action)(() => _ = new MultivariateGaussianMixture(null!, twoMeans, [identity, identity]))).Should().Throw<ArgumentNullException>().WithParameterName("weights");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], null!, [identity, identity]))).Should().Throw<ArgumentNullException>().WithParameterName("means");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], twoMeans, null!))).Should().Throw<ArgumentNullException>().WithParameterName("covariances");
        ((Action)(() => _ = new MultivariateGaussianMixture([], [], []))).Should().Throw<ArgumentException>().WithParameterName("weights").WithMessage("*at least one component*");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], [[0.0, 0.0]], [identity, identity]))).Should().Throw<ArgumentException>().WithParameterName("means").WithMessage("*one mean for each of the 2 weights, but got 1*");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], twoMeans, [identity]))).Should().Throw<ArgumentException>().WithParameterName("covariances").WithMessage("*one covariance for each of the 2 weights, but got 1*");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], [null!, [1.0, 1.0]], [identity, identity]))).Should().Throw<ArgumentNullException>().WithParameterName("means").WithMessage("*mean at index 0 is null*");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], [[1.0, 1.0], null!], [identity, identity]))).Should().Throw<ArgumentNullException>().WithParameterName("means").WithMessage("*mean at index 1 is null*");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], twoMeans, [identity, null!]))).Should().Throw<ArgumentNullException>().WithParameterName("covariances").WithMessage("*covariance at index 1 is null*");
        ((Action)(() => _ = new MultivariateGaussianMixture([1.0], [[]], [new double[0, 0]]))).Should().Throw<ArgumentException>().WithParameterName("means").WithMessage("*at least one coordinate*");
        ((Action)(() => MultivariateGaussianMixture.Diagonal([0.5, 0.5], twoMeans, null!))).Should().Throw<ArgumentNullException>().WithParameterName("variances");
        ((Action)(() => MultivariateGaussianMixture.Diagonal([0.5, 0.5], twoMeans, [[1.0, 1.0], null!]))).Should().Throw<ArgumentNullException>().WithParameterName("variances").WithMessage("*variances at index 1 are null*");
    }

    [Fact]
    public void Constructor_BadValues_ThrowNamingTheComponent()
    {
        var identity = new double[,] { { 1, 0 }, { 0, 1 } };
        double[][] twoMeans = [[0.0, 0.0], [1.0, 1.0]];

        ((Action)(() => _ = new MultivariateGaussianMixture([1.5, -0.5], twoMeans, [identity, identity]))).Should().Throw<ArgumentException>().WithParameterName("weights").WithMessage("*weight at index 1 is -0.5*");
        ((Action)(() => _ = new MultivariateGaussianMixture([double.NaN, 1.0], twoMeans, [identity, identity]))).Should().Throw<ArgumentException>().WithParameterName("weights").WithMessage("*weight at index 0 is NaN*");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], [[0.0, 0.0], [1.0]], [identity, identity]))).Should().Throw<ArgumentException>().WithParameterName("means").WithMessage("*2 coordinates*mean at index 1 has 1*");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], [[0.0, double.NaN], [1.0, 1.0]], [identity, identity]))).Should().Throw<ArgumentException>().WithParameterName("means").WithMessage("*coordinate 1 of the mean at index 0 is NaN*");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], [[0.0, 0.0], [1.0, double.PositiveInfinity]], [identity, identity]))).Should().Throw<ArgumentException>().WithParameterName("means").WithMessage("*coordinate 1 of the mean at index 1*");
        ((Action)(() => _ = new MultivariateGaussianMixture([1.0], [[0.0, 0.0]], [new double[2, 3]]))).Should().Throw<ArgumentException>().WithParameterName("covariances").WithMessage("*2 × 2*index 0 is 2 × 3*");
        ((Action)(() => _ = new MultivariateGaussianMixture([1.0], [[0.0, 0.0]], [new double[3, 2]]))).Should().Throw<ArgumentException>().WithParameterName("covariances").WithMessage("*index 0 is 3 × 2*");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], twoMeans, [identity, new double[,] { { 1, double.NaN }, { 0, 1 } }]))).Should().Throw<ArgumentException>().WithParameterName("covariances").WithMessage("*index 1 must be finite and symmetric*");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], twoMeans, [identity, new double[,] { { 1, 0 }, { double.NaN, 1 } }]))).Should().Throw<ArgumentException>().WithParameterName("covariances").WithMessage("*index 1 must be finite and symmetric*");
        ((Action)(() => _ = new MultivariateGaussianMixture([0.5, 0.5], twoMeans, [identity, new double[,] { { 1, 1 }, { 1, 1 } }]))).Should().Throw<ArgumentException>().WithParameterName("covariances").WithMessage("*index 1 is not positive definite*row 1*");
        ((Action)(() => MultivariateGaussianMixture.Diagonal([0.5, 0.5], twoMeans, [[1.0, 1.0], [0.0, 1.0]]))).Should().Throw<ArgumentException>().WithParameterName("covariances").WithMessage("*index 1 is not positive definite*row 0*");
    }

    [Fact]
    public void Constructor_AcceptsAWeightOfZero_AsNoComponent()
    {
        var mixture = MultivariateGaussianMixture.Diagonal([1.0, 0.0], [[0.0], [3.0]], [[1.0], [1.0]]);

        // Then log p is that of N(0, 1) alone.
        mixture.DensityLn([1.5]).Should().BeApproximately((-0.5 * Math.Log(2 * Math.PI)) - (0.5 * 1.5 * 1.5), 1e-12);
        mixture.Score([1.5])[0].Should().BeApproximately(-1.5, 1e-12);
    }

    [Fact]
    public void Constructor_AcceptsCovariancesSymmetricUpToRelativeRoundOff()
    {
        // Entries (i, j) and (j, i) may differ by 1e-12 times the larger of 1 and the entry, not more.
        _ = new MultivariateGaussianMixture([1.0], [[0.0, 0.0]], [new double[,] { { 1, 0 }, { 1e-12, 1 } }]);
        var large = new MultivariateGaussianMixture([1.0], [[0.0, 0.0]], [new double[,] { { 2e6, 1e6 + 1e-7 }, { 1e6, 2e6 } }]);
        large.Covariance(0)[0, 1].Should().BeApproximately(1e6, 1e-6);

        ((Action)(() => _ = new MultivariateGaussianMixture([1.0], [[0.0, 0.0]], [new double[,] { { 1, 0 }, { 1e-11, 1 } }]))).Should().Throw<ArgumentException>().WithMessage("*symmetric*");
        ((Action)(() => _ = new MultivariateGaussianMixture([1.0], [[0.0, 0.0]], [new double[,] { { 2e6, 1e6 + 1e-5 }, { 1e6, 2e6 } }]))).Should().Throw<ArgumentException>().WithMessage("*symmetric*");
    }

    /// <summary>The symmetric 2 × 2 matrix [[a, b], [b, c]] from (a, b, c).</summary>
    [Fact]
    public void Score_FarBeyondEveryMean_IsTheNearestComponentsScore()
    {
        // 10²⁰⁰ from the means, every squared whitened distance overflows; the nearest component's score, μ − x, remains.
        var mixture = MultivariateGaussianMixture.Diagonal([0.5, 0.5], [[-3.0, 0.0], [3.0, 0.0]], [[1.0, 1.0], [4.0, 1.0]]);
        double[,] far = { { 1e200, 0 }, { -1e200, 1 } };

        var scores = mixture.Score(far);

        scores[0, 0].Should().Be((3 - 1e200) / 4, "beyond +10²⁰⁰ the wider component is the nearer one in whitened distance");
        scores[0, 1].Should().Be(0);
        scores[1, 0].Should().Be((-3 + 1e200) / 4);
        scores[1, 1].Should().Be(-1);
        mixture.DensityLn(far).Should().AllSatisfy(v => v.Should().Be(double.NegativeInfinity, "the log-density is below the range of a double"));
        mixture.ComponentFractions(far).Should().Equal(0, 1);
    }

    [Fact]
    public void ComponentFractions_GoToTheMostLikelyComponent_NotTheNearest()
    {
        // At x₀ = 0.2 the component at +1 is nearer, but its weight of 0.01 leaves the one at −1 far more likely.
        var mixture = MultivariateGaussianMixture.Diagonal([0.99, 0.01], [[-1.0, 0.0], [1.0, 0.0]], [[1.0, 1.0], [1.0, 1.0]]);

        mixture.ComponentFractions(new double[,] { { 0.2, 0.0 } }).Should().Equal(1, 0);
    }

    [Fact]
    public void Score_FarBeyondEveryMean_ComparesTheWhitenedDistancesInFull()
    {
        // Both components are centred at 0. With variances (1, 4) and (4, 1), at (10²⁰⁰, 2·10²⁰⁰) the first is the nearer
        // in whitened distance, at (2·10²⁰⁰, 10²⁰⁰) the second; with (1, 1) and (1, 4) at (10²⁰⁰, 10²⁰⁰) the largest whitened
        // coordinates are equal and the second is nearer by the other one.
        var crossed = MultivariateGaussianMixture.Diagonal([0.5, 0.5], [[0.0, 0.0], [0.0, 0.0]], [[1.0, 4.0], [4.0, 1.0]]);
        var nested = MultivariateGaussianMixture.Diagonal([0.5, 0.5], [[0.0, 0.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 4.0]]);
        double[,] points = { { 1e200, 2e200 }, { 2e200, 1e200 } };

        crossed.Score(points).Should().BeEquivalentTo(new double[,] { { -1e200, -0.5e200 }, { -0.5e200, -1e200 } }, o => o.WithStrictOrdering());
        crossed.ComponentFractions(points).Should().Equal(0.5, 0.5);
        nested.Score(new double[,] { { 1e200, 1e200 } }).Should().BeEquivalentTo(new double[,] { { -1e200, -0.25e200 } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void ComponentFractions_FarBeyondEveryMean_NeverGoToAComponentOfWeightZero()
    {
        var mixture = MultivariateGaussianMixture.Diagonal([0.0, 1.0], [[3.0, 0.0], [-3.0, 0.0]], [[1.0, 1.0], [1.0, 1.0]]);
        double[,] far = { { 1e200, 0 } };

        mixture.ComponentFractions(far).Should().Equal(0, 1);
        mixture.Score(far)[0, 0].Should().Be(-3 - 1e200);
    }

    private static double[,] Matrix(double[] abc) => new double[,] { { abc[0], abc[1] }, { abc[1], abc[2] } };
}
