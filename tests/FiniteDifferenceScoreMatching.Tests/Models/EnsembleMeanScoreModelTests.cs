using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Models;

public sealed class EnsembleMeanScoreModelTests
{
    private static readonly MlpOptions Float64 = new() { HiddenWidths = [5], Activation = Activation.Tanh, DType = ScalarType.Float64 };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Score_IsTheMeanOfTheMembersScores_InTheInputsShape(int rank)
    {
        using var model = new EnsembleMeanScoreModel(new MlpEnsemble([3, 8, 12], Float64));
        using var flat = linspace(-4, 4, 17, ScalarType.Float64);
        using var x = rank == 1 ? flat.alias() : flat.unsqueeze(1);

        using var score = model.Score(x);

        score.shape.Should().Equal(x.shape);
        var expected = new double[17];
        foreach (var seed in new long[] { 3, 8, 12 })
        {
            using var member = new MlpScoreModel(seed, Float64);
            var values = member.ScoreAt([.. TestModels.ToArray(flat)]);
            for (var i = 0; i < 17; i++)
            {
                expected[i] += values[i] / 3;
            }
        }

        TestModels.ToArray(score).Zip(expected).Should().OnlyContain(pair => Math.Abs(pair.First - pair.Second) < 1e-14);
    }

    [Fact]
    public void NamedParameters_AreTheEnsembles()
    {
        var ensemble = new MlpEnsemble([1, 2], Float64);
        using var model = new EnsembleMeanScoreModel(ensemble);

        model.NamedParameters().Select(p => p.Parameter).Should().Equal(ensemble.NamedParameters().Select(p => p.Parameter));
        model.DType.Should().Be(ScalarType.Float64);
    }

    [Fact]
    public void Dispose_DisposesTheEnsemble()
    {
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var ensemble = new MlpEnsemble([1, 2]);
        var model = new EnsembleMeanScoreModel(ensemble);

        model.Dispose();

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
        FluentActions.Invoking(() => ensemble.ToModel(0)).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Trainer_TrainsTheMeanModelLikeAnyOther()
    {
        using var model = new EnsembleMeanScoreModel(new MlpEnsemble([4, 5], Float64));
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(256));

        var result = trainer.Train(loss, 60);

        result.StopReason.Should().Be(StopReason.Completed);
        result.FinalLoss.Should().BeLessThan(result.Losses[0]);
    }

    [Fact]
    public void Constructor_NullEnsemble_Throws()
    {
        var act = () => new EnsembleMeanScoreModel(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("ensemble");
    }
}
