using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional;

public class CurvaturePenalizedScoreMatchingLossTests
{
    private static readonly double[] Samples = [-2, 0.5, 1, 3];

    [Fact]
    public void Compute_Affine_IsSampleMeanOfIntegrandPlusPenalty()
    {
        // ψ(x) = a·x + b: the centred difference is exactly a, and the average of ψ(x ± δ) is exactly ψ(x).
        const double a = -0.7;
        const double b = 0.4;
        using var model = TestModels.Affine(a, b);
        using var loss = new CurvaturePenalizedScoreMatchingLoss(Samples, curvatureWeight: 0.3, delta: 0.25);

        using var value = loss.Compute(model);

        var expected = Samples.Average(x => (0.5 * Math.Pow((a * x) + b, 2)) + a + (0.3 * a * a));
        value.ToDouble().Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Compute_ZeroWeight_EqualsEmpiricalLoss()
    {
        var samples = SeedProblem.Samples(256);
        using var model = new MlpScoreModel(4, new MlpOptions { HiddenWidths = [16], Activation = Activation.Softplus, DType = ScalarType.Float64 });
        using var penalized = new CurvaturePenalizedScoreMatchingLoss(samples, curvatureWeight: 0);
        using var plain = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);

        using var penalizedValue = penalized.Compute(model);
        using var plainValue = plain.Compute(model);

        penalized.Delta.Should().Be(plain.Delta);
        penalizedValue.ToDouble().Should().BeApproximately(plainValue.ToDouble(), 1e-12);
    }

    [Fact]
    public void Train_Penalty_FlattensTheFittedScore()
    {
        var samples = SeedProblem.Samples(128);
        var points = Enumerable.Range(0, 41).Select(i => -6 + (0.3 * i)).ToArray();

        double MeanSquaredSlope(double weight)
        {
            using var model = new MlpScoreModel(2, new MlpOptions { HiddenWidths = [16], Activation = Activation.Softplus });
            using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 0.01 });
            using var loss = new CurvaturePenalizedScoreMatchingLoss(samples, weight);
            trainer.Train(loss, 200).Losses.Should().OnlyContain(l => double.IsFinite(l));
            var score = model.ScoreAt(points);
            return score.Zip(score.Skip(1), (left, right) => Math.Pow((right - left) / 0.3, 2)).Average();
        }

        MeanSquaredSlope(1.0).Should().BeLessThan(0.8 * MeanSquaredSlope(0));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Ctor_BadWeight_ThrowsNamingIt(double weight)
    {
        var act = () => new CurvaturePenalizedScoreMatchingLoss(Samples, weight);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("curvatureWeight");
    }

    [Fact]
    public void Ctor_NaNSample_Throws()
    {
        var act = () => new CurvaturePenalizedScoreMatchingLoss([1.0, double.NaN], 0.1);

        act.Should().Throw<ArgumentException>().WithParameterName("samples").WithMessage("*NaN*");
    }

    [Fact]
    public void Ctor_NullSamples_Throws()
    {
        var act = () => new CurvaturePenalizedScoreMatchingLoss(null!, 0.1);

        act.Should().Throw<ArgumentNullException>().WithParameterName("samples");
    }
}
