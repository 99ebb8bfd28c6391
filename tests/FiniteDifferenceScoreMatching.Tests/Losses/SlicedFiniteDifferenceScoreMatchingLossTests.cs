using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training.Engines;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Losses;

/// <summary>The sliced finite-difference loss's directions per sample, and the managed objective it gives the fused engine.</summary>
public sealed class SlicedFiniteDifferenceScoreMatchingLossTests
{
    private static readonly MlpOptions TwoD = new() { Dimension = 2, HiddenWidths = [8], Activation = Activation.Tanh, DType = ScalarType.Float64 };

    [Fact]
    public void Compute_WithManyDirections_VariesFarLessFromCallToCall()
    {
        var samples = MultivariateGaussianMixture.Diagonal([1.0], [[0.0, 1.0]], [[1.0, 2.0]]).Sample(new Random(2), 16);
        using var model = new MlpScoreModel(6, TwoD);

        double Spread(int directions)
        {
            using var loss = new SlicedFiniteDifferenceScoreMatchingLoss(samples, 0.1, directions);
            using var scope = NewDisposeScope();
            var values = Enumerable.Range(0, 20).Select(_ => loss.Compute(model).ToDouble()).ToArray();
            var mean = values.Average();
            return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        }

        // The mean over 64 directions has an eighth of the standard deviation of one direction's value.
        Spread(64).Should().BeLessThan(Spread(1) / 3);
    }

    [Fact]
    public void CreateObjective_IsTheManagedObjective_ForANetworkOfTheSamplesDimensionOnly()
    {
        using var loss = new SlicedFiniteDifferenceScoreMatchingLoss(new double[,] { { 0, 1 }, { 2, 3 } });
        using var plane = new MlpScoreModel(1, TwoD);
        using var space = new MlpScoreModel(1, TwoD with { Dimension = 3 });

        ((IFusableLoss)loss).CreateObjective(((IFusableNetwork)plane).Layout!, batched: false).Should().BeOfType<SlicedFiniteDifferenceObjective>();
        ((IFusableLoss)loss).CreateObjective(((IFusableNetwork)space).Layout!, batched: false).Should().BeNull();
    }
}
