using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training.Engines;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Losses;

/// <summary>The coordinate finite-difference loss on ensembles, and the managed objective it gives the fused engine.</summary>
public sealed class CoordinateFiniteDifferenceScoreMatchingLossTests
{
    private static readonly MlpOptions TwoD = new() { Dimension = 2, HiddenWidths = [8], Activation = Activation.Tanh, DType = ScalarType.Float64 };

    [Fact]
    public void ComputeEach_OnAnEnsemble_IsEveryMembersOwnLoss()
    {
        var samples = MultivariateGaussianMixture.Diagonal([1.0], [[0.0, 1.0]], [[1.0, 2.0]]).Sample(new Random(1), 16);
        using var ensemble = new MlpEnsemble([3, 4, 5], TwoD);
        using var loss = new CoordinateFiniteDifferenceScoreMatchingLoss(samples, 0.01);
        using var scope = NewDisposeScope();

        var each = loss.ComputeEach(new LossContext(ensemble)).detach().data<double>().ToArray();

        each.Should().HaveCount(3);
        for (var k = 0; k < 3; k++)
        {
            using var member = ensemble.ToModel(k);
            each[k].Should().BeApproximately(loss.Compute(member).ToDouble(), 1e-12, "member {0}", k);
        }
    }

    [Fact]
    public void CreateObjective_IsTheManagedObjective_ForANetworkOfTheSamplesDimensionOnly()
    {
        using var loss = new CoordinateFiniteDifferenceScoreMatchingLoss(new double[,] { { 0, 1 }, { 2, 3 } });
        using var plane = new MlpScoreModel(1, TwoD);
        using var space = new MlpScoreModel(1, TwoD with { Dimension = 3 });

        ((IFusableLoss)loss).CreateObjective(((IFusableNetwork)plane).Layout!, batched: false).Should().BeOfType<CoordinateFiniteDifferenceObjective>();
        ((IFusableLoss)loss).CreateObjective(((IFusableNetwork)space).Layout!, batched: false).Should().BeNull();
    }
}
