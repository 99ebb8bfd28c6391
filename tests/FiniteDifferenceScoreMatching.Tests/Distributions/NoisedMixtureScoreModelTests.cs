using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Distributions;

/// <summary>
/// The exact noise-conditional model of a diagonal mixture: its scores against the noised mixture's score worked out
/// by hand (each variance grown by σ²), at the smallest level or at one level per point, in float64 and float32; its
/// properties; and its argument checks.
/// </summary>
public sealed class NoisedMixtureScoreModelTests
{
    private static readonly double[] Weights = [0.3, 0.7];
    private static readonly double[][] Means = [[-1.0, 0.5], [2.0, -1.0]];
    private static readonly double[][] Variances = [[0.5, 1.0], [2.0, 0.25]];
    private static readonly MultivariateGaussianMixture Mixture = MultivariateGaussianMixture.Diagonal(Weights, Means, Variances);

    [Fact]
    public void Score_AtTheSmallestLevel_IsTheNoisedMixturesScore()
    {
        using var model = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(1, 0.5, 2));
        using var scope = NewDisposeScope();
        double[][] points = [[0.3, -0.2], [1.5, 2.0], [-3.0, 0.0]];

        var scores = model.Score(tensor(points.SelectMany(p => p).ToArray(), [3, 2]));

        scores.dtype.Should().Be(ScalarType.Float64);
        scores.shape.Should().Equal(3, 2);
        var values = scores.data<double>().ToArray();
        for (var n = 0; n < 3; n++)
        {
            var expected = ExpectedScore(points[n], 0.5);
            values[2 * n].Should().BeApproximately(expected[0], 1e-12);
            values[(2 * n) + 1].Should().BeApproximately(expected[1], 1e-12);
        }
    }

    [Fact]
    public void Score_WithALevelPerPoint_ScoresEachPointAtItsLevel()
    {
        using var model = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(1, 0.5, 2));
        using var scope = NewDisposeScope();
        double[][] points = [[0.3, -0.2], [1.5, 2.0], [-3.0, 0.0], [0.3, -0.2]];
        double[] levels = [1.0, 0.5, 1.0, 0.5];

        var scores = model.Score(tensor(points.SelectMany(p => p).ToArray(), [4, 2]), tensor(levels)).data<double>().ToArray();

        for (var n = 0; n < 4; n++)
        {
            var expected = ExpectedScore(points[n], levels[n]);
            scores[2 * n].Should().BeApproximately(expected[0], 1e-12, $"point {n} at level {levels[n]}");
            scores[(2 * n) + 1].Should().BeApproximately(expected[1], 1e-12, $"point {n} at level {levels[n]}");
        }

        // The same level asked again gives the same scores.
        model.Score(tensor(points.SelectMany(p => p).ToArray(), [4, 2]), tensor(levels)).data<double>().ToArray().Should().Equal(scores);
    }

    [Fact]
    public void Score_Float32Model_TakesAndGivesFloat32()
    {
        using var model = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(0.8, 0.8, 1), ScalarType.Float32);
        using var scope = NewDisposeScope();

        var scores = model.Score(tensor(new[] { 0.25f, -0.75f }, [1, 2]));

        scores.dtype.Should().Be(ScalarType.Float32);
        var values = scores.data<float>().ToArray();
        var expected = ExpectedScore([0.25, -0.75], 0.8);
        values[0].Should().BeApproximately((float)expected[0], 1e-5f);
        values[1].Should().BeApproximately((float)expected[1], 1e-5f);
    }

    [Fact]
    public void Properties_DescribeTheModel()
    {
        var noise = NoiseSchedule.Geometric(1, 0.5, 2);
        using var model = new NoisedMixtureScoreModel(Mixture, noise, ScalarType.Float32);

        model.Noise.Should().BeSameAs(noise);
        model.DType.Should().Be(ScalarType.Float32);
        model.Dimension.Should().Be(2);
        model.Device.type.Should().Be(CPU.type);
        model.NamedParameters().Should().BeEmpty();
    }

    [Fact]
    public void BadArguments_ThrowNamingTheParameter()
    {
        var noise = NoiseSchedule.Geometric(1, 0.5, 2);
        ((Action)(() => _ = new NoisedMixtureScoreModel(null!, noise))).Should().Throw<ArgumentNullException>().WithParameterName("mixture");
        ((Action)(() => _ = new NoisedMixtureScoreModel(Mixture, null!))).Should().Throw<ArgumentNullException>().WithParameterName("noise");
        ((Action)(() => _ = new NoisedMixtureScoreModel(Mixture, noise, ScalarType.Int32))).Should().Throw<ArgumentException>().WithParameterName("dtype").WithMessage("*not Int32*");

        using var model = new NoisedMixtureScoreModel(Mixture, noise);
        using var scope = NewDisposeScope();
        var points = tensor(new[] { 0.1, 0.2, 0.3, 0.4 }, [2, 2]);
        var float32 = tensor(new[] { 0.1f, 0.2f, 0.3f, 0.4f }, [2, 2]);
        var threeColumns = tensor(new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }, [2, 3]);

        ((Action)(() => model.Score(float32))).Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("*the model is Float64*");
        ((Action)(() => model.Score(threeColumns))).Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("*[N, 2]*");
        ((Action)(() => model.Score(float32, tensor(new[] { 0.5, 0.5 })))).Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("*the model is Float64*");
        ((Action)(() => model.Score(threeColumns, tensor(new[] { 0.5, 0.5 })))).Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("*[N, 2]*");
        ((Action)(() => model.Score(points, null!))).Should().Throw<ArgumentNullException>().WithParameterName("sigma");
        ((Action)(() => model.Score(points, tensor(new[] { 0.5, 0.5, 0.5 })))).Should().Throw<ArgumentException>().WithParameterName("sigma").WithMessage("*one per point, 2, not 3*");
    }

    /// <summary>
    /// ∇ log Σₖ wₖ Πᵢ N(xᵢ; μₖᵢ, vₖᵢ + σ²) = Σₖ rₖ (−(x − μₖ) / (vₖ + σ²)), rₖ the components' shares of the density.
    /// </summary>
    [Fact]
    public void Score_LevelsOutsideTheSchedule_AreNotKept()
    {
        using var model = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(1, 0.5, 2));
        using var scope = NewDisposeScope();
        var x = zeros(500, 2, ScalarType.Float64);

        model.Score(x, rand(500, ScalarType.Float64) + 0.1);
        model.Score(x, full(500, 0.5, ScalarType.Float64));

        model.CachedLevelCount.Should().Be(1, "only the schedule's level 0.5 is kept, not the 500 drawn ones");
    }

    private static double[] ExpectedScore(double[] x, double sigma)
    {
        var densities = new double[Weights.Length];
        for (var k = 0; k < Weights.Length; k++)
        {
            densities[k] = Weights[k];
            for (var i = 0; i < x.Length; i++)
            {
                var variance = Variances[k][i] + (sigma * sigma);
                var d = x[i] - Means[k][i];
                densities[k] *= Math.Exp(-d * d / (2 * variance)) / Math.Sqrt(2 * Math.PI * variance);
            }
        }

        var total = densities.Sum();
        var score = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            for (var k = 0; k < Weights.Length; k++)
            {
                score[i] -= densities[k] / total * (x[i] - Means[k][i]) / (Variances[k][i] + (sigma * sigma));
            }
        }

        return score;
    }
}
