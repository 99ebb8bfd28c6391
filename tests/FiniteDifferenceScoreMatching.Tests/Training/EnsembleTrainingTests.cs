using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training;

public sealed class EnsembleTrainingTests
{
    private static readonly long[] Seeds = [2, 7, 13];
    private static readonly MlpOptions Float64Tanh = new() { HiddenWidths = [8], Activation = Activation.Tanh, DType = ScalarType.Float64 };
    private readonly double[] _samples = SeedProblem.Samples(256);

    [Fact]
    public void Train_EachMember_FollowsThePathOfTrainingItAlone()
    {
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
        using var ensemble = new MlpEnsemble(Seeds, Float64Tanh);
        using var trainer = new Trainer(ensemble);

        var result = trainer.Train(loss, 40);

        result.EpochsCompleted.Should().Be(40);
        result.StopReason.Should().Be(StopReason.Completed);
        using var x = linspace(-6, 6, 25, ScalarType.Float64);
        using var scores = ensemble.Score(x);
        for (var k = 0; k < Seeds.Length; k++)
        {
            using var alone = new MlpScoreModel(Seeds[k], Float64Tanh);
            using var single = new Trainer(alone);
            var expected = single.Train(loss, 40);

            for (var epoch = 0; epoch < 40; epoch++)
            {
                result.Members[k].Losses[epoch].Should().BeApproximately(expected.Losses[epoch], 1e-10, $"member {k}, epoch {epoch}");
            }

            using var aloneScores = alone.Score(x);
            using var row = scores[k];
            (row - aloneScores).abs().max().ToDouble().Should().BeLessThan(1e-9, $"member {k} ends where its own run ends");
        }
    }

    [Fact]
    public void Train_CurvaturePenalty_EachMemberFollowsItsOwnRun()
    {
        using var loss = new CurvaturePenalizedScoreMatchingLoss(_samples, 0.05);
        using var ensemble = new MlpEnsemble(Seeds, Float64Tanh);
        using var trainer = new Trainer(ensemble, new TrainerOptions { LearningRate = 0.01 });

        var result = trainer.Train(loss, 20);

        for (var k = 0; k < Seeds.Length; k++)
        {
            using var alone = new MlpScoreModel(Seeds[k], Float64Tanh);
            using var single = new Trainer(alone, new TrainerOptions { LearningRate = 0.01 });
            var expected = single.Train(loss, 20);
            result.Members[k].Losses.Zip(expected.Losses).Should().OnlyContain(pair => Math.Abs(pair.First - pair.Second) < 1e-10);
        }
    }

    [Fact]
    public void Evaluate_GivesEachMembersLossWithoutChangingIt()
    {
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
        using var ensemble = new MlpEnsemble(Seeds, Float64Tanh);
        using var trainer = new Trainer(ensemble);

        var values = trainer.Evaluate(loss);
        var again = trainer.Evaluate(loss);

        values.Should().HaveCount(3).And.Equal(again);
        for (var k = 0; k < Seeds.Length; k++)
        {
            using var model = ensemble.ToModel(k);
            using var expected = loss.Compute(model);
            values[k].Should().BeApproximately(expected.ToDouble(), 1e-12);
        }

        trainer.Epoch.Should().Be(0);
    }

    [Fact]
    public void Train_OneMemberDiverges_TheOthersGoOnUnaffected()
    {
        // A loss of the test's own trains on the general path, so the clean reference does too.
        using var ensemble = new MlpEnsemble(Seeds, Float64Tanh);
        using var trainer = new Trainer(ensemble, TrainingPaths.General);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
        using var poisoned = new PoisonedMemberLoss(loss, member: 1);
        using var reference = new MlpEnsemble(Seeds, Float64Tanh);
        using var referenceTrainer = new Trainer(reference, TrainingPaths.General);

        var result = trainer.Train(poisoned, 15);
        var clean = referenceTrainer.Train(loss, 15);

        result.StopReason.Should().Be(StopReason.Completed);
        result.Members.Select(m => m.StopReason).Should().Equal(StopReason.Completed, StopReason.NonFinite, StopReason.Completed);
        result.Members[0].Losses.Should().Equal(clean.Members[0].Losses);
        result.Members[1].Losses.Should().BeEmpty("its first loss was not finite");
        result.Members[2].Losses.Should().Equal(clean.Members[2].Losses);
        using var frozen = ensemble.ToModel(1);
        using var start = new MlpScoreModel(Seeds[1], Float64Tanh);
        ParameterSnapshot.Capture(frozen).Flatten().Should().Equal(ParameterSnapshot.Capture(start).Flatten(), "the poisoned member keeps the parameters it started from");
    }

    [Fact]
    public void Train_Cancelled_StopsBeforeTheFirstEpoch()
    {
        using var ensemble = new MlpEnsemble(Seeds);
        using var trainer = new Trainer(ensemble);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);

        var result = trainer.Train(loss, 10, cancellationToken: new CancellationToken(canceled: true));

        result.StopReason.Should().Be(StopReason.Cancelled);
        result.EpochsCompleted.Should().Be(0);
        result.Members.Select(m => m.FinalLoss).Should().OnlyContain(l => double.IsNaN(l));
    }

    [Fact]
    public void Train_TwoCalls_ContinueTheEpochCount()
    {
        using var ensemble = new MlpEnsemble(Seeds);
        using var trainer = new Trainer(ensemble);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);

        trainer.Train(loss, 5);
        var second = trainer.Train(loss, 7);

        second.FirstEpoch.Should().Be(5);
        trainer.Epoch.Should().Be(12);
        second.Members.Should().HaveCount(3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Train_ManyEpochs_LiveTensorCountDoesNotGrow(bool generalPath)
    {
        using var ensemble = new MlpEnsemble(Seeds);
        using var trainer = new Trainer(ensemble, generalPath ? TrainingPaths.General : null);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
        trainer.Train(loss, 2);
        trainer.Evaluate(loss);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.Train(loss, 100);
        trainer.Evaluate(loss);

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Theory]
    [InlineData(TrainingEngine.Automatic)]
    [InlineData(TrainingEngine.TorchSharp)]
    public void Train_MiniBatches_EachMemberFollowsItsOwnRun(TrainingEngine engine)
    {
        var options = new TrainerOptions { BatchSize = 64, Seed = 5, Engine = engine };
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
        using var ensemble = new MlpEnsemble(Seeds, Float64Tanh);
        using var trainer = new Trainer(ensemble, options);

        var result = trainer.Train(loss, 6);

        for (var k = 0; k < Seeds.Length; k++)
        {
            using var alone = new MlpScoreModel(Seeds[k], Float64Tanh);
            using var single = new Trainer(alone, options);
            var expected = single.Train(loss, 6);
            result.Members[k].Losses.Zip(expected.Losses).Should().OnlyContain(pair => Math.Abs(pair.First - pair.Second) < 1e-10, $"member {k}");
        }
    }

    [Fact]
    public void Train_LossOfTheWrongShape_ThrowsNamingTheLoss()
    {
        using var ensemble = new MlpEnsemble(Seeds);
        using var trainer = new Trainer(ensemble);
        var loss = new SummedLoss();

        var act = () => trainer.Train(loss, 1);

        act.Should().Throw<InvalidOperationException>().WithMessage("*SummedLoss*3 member*[]*");
    }

    /// <summary>Makes one member's loss NaN from the first epoch on, and leaves the others as they are.</summary>
    private sealed class PoisonedMemberLoss(EmpiricalFiniteDifferenceScoreMatchingLoss inner, int member) : ScoreLoss
    {
        protected override Tensor ComputeCore(LossContext context)
        {
            var values = Enumerable.Repeat(1.0, context.Members).ToArray();
            values[member] = double.NaN;
            return inner.ComputeEach(context) * tensor(values, context.DType);
        }
    }

    /// <summary>Wrongly returns one value for the whole ensemble.</summary>
    private sealed class SummedLoss : ScoreLoss
    {
        protected override Tensor ComputeCore(LossContext context) => context.Score(zeros(3, 1)).sum();
    }

    [Fact]
    public void Train_HugeEpochLimit_Cancelled_ReservesNothingInProportion()
    {
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
        using var ensemble = new MlpEnsemble(Seeds, Float64Tanh);
        using var trainer = new Trainer(ensemble);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = trainer.Train(loss, int.MaxValue, cancellationToken: new CancellationToken(canceled: true));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        result.StopReason.Should().Be(StopReason.Cancelled);
        allocated.Should().BeLessThan(1 << 20, "three histories of int.MaxValue doubles would take 48 GB");
    }
}
