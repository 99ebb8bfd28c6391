using ConsumerCode;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Losses;

public class CustomLossTests
{
    [Fact]
    public void Compute_ConsumerLoss_IsInnerLossPlusPenalty()
    {
        var samples = SeedProblem.Samples(256);
        using var model = new MlpScoreModel(3, new MlpOptions { DType = ScalarType.Float64 });
        using var inner = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        using var penalised = new PenalisedLoss(inner, weight: 0.5);
        var squaredNorm = ParameterSnapshot.Capture(model).Flatten().Sum(v => v * v);

        using var innerValue = inner.Compute(model);
        using var value = penalised.Compute(model);

        value.ToDouble().Should().BeApproximately(innerValue.ToDouble() + (0.5 * squaredNorm), 1e-12);
    }

    [Fact]
    public void ComputeEach_ConsumerLossOnAnEnsemble_GivesEachMembersPenalty()
    {
        var samples = SeedProblem.Samples(128);
        var options = new MlpOptions { DType = ScalarType.Float64 };
        using var ensemble = new MlpEnsemble([4, 5], options);
        using var inner = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        using var penalised = new PenalisedLoss(inner, weight: 0.5);

        using var each = penalised.ComputeEach(new LossContext(ensemble));

        each.shape.Should().Equal(2);
        for (var k = 0; k < 2; k++)
        {
            using var member = ensemble.ToModel(k);
            using var expected = penalised.Compute(member);
            each[k].ToDouble().Should().BeApproximately(expected.ToDouble(), 1e-12, $"member {k}");
        }
    }

    [Fact]
    public void Train_ConsumerLoss_ShrinksParametersComparedWithPlainLoss()
    {
        var samples = SeedProblem.Samples(256);

        double TrainedNorm(Func<ScoreLoss, ScoreLoss> wrap)
        {
            using var model = new MlpScoreModel(3);
            using var trainer = new Trainer(model);
            using var inner = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
            using var loss = wrap(inner);
            var result = trainer.Train(loss, 200);
            result.Losses.Should().OnlyContain(l => double.IsFinite(l));
            return ParameterSnapshot.Capture(model).Flatten().Sum(v => v * v);
        }

        var plain = TrainedNorm(inner => inner);
        var penalised = TrainedNorm(inner => new PenalisedLoss(inner, weight: 0.1));

        penalised.Should().BeLessThan(plain * 0.8);
    }

    [Fact]
    public void Train_ConsumerLossOnAnEnsemble_DrivesEveryMembersScoreTowardsZero()
    {
        double[] points = [-2.0, -1.0, 0.0, 1.0, 2.0];
        var loss = new MeanSquaredScoreLoss(points);
        using var ensemble = new MlpEnsemble([1, 2, 3], new MlpOptions { DType = ScalarType.Float64 });
        using var trainer = new Trainer(ensemble);

        var result = trainer.Train(loss, 200);

        result.Members.Should().HaveCount(3).And.AllSatisfy(member => member.FinalLoss.Should().BeLessThan(member.Losses[0] * 0.01));
        for (var k = 0; k < 3; k++)
        {
            using var member = ensemble.ToModel(k);
            var mean = member.ScoreAt(points).Average(v => v * v);
            result.Members[k].FinalLoss.Should().BeApproximately(mean, Math.Max(0.05 * mean, 1e-6), "each member's loss is its own mean squared score");
        }
    }
}
