using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training.Engines;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional;

/// <summary>
/// The fused evaluation of the finite-difference losses (one forward pass over the stacked points, precomputed
/// weights) against the plain formulas of the original example, in float64: same value and same gradients.
/// </summary>
public class FiniteDifferenceObjectiveTests
{
    [Theory]
    [InlineData(Activation.Relu, 1)]
    [InlineData(Activation.Tanh, 2)]
    [InlineData(Activation.Softplus, 3)]
    public void EmpiricalLoss_RandomSamples_MatchesPlainFormulaAndGradients(Activation activation, int seed)
    {
        var random = new Random(seed);
        var samples = Enumerable.Range(0, 300).Select(_ => (random.NextDouble() * 12) - 6).ToArray();
        using var model = new MlpScoreModel(seed, new MlpOptions { Activation = activation, DType = ScalarType.Float64, HiddenWidths = [8, 5] });
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);

        var (fused, fusedGradients) = TestModels.ValueAndGradients(model, () => loss.Compute(model));
        var (plain, plainGradients) = TestModels.ValueAndGradients(model, () => Plain(model, samples, null, loss.Delta));

        fused.Should().BeApproximately(plain, 1e-12 * Math.Max(1, Math.Abs(plain)));
        AssertClose(fusedGradients, plainGradients);
    }

    [Fact]
    public void GridLoss_SeedTarget_MatchesPlainWeightedFormulaAndGradients()
    {
        var target = SeedProblem.Target;
        var weights = target.Grid.Points.Select((_, i) => target.Density[i] * target.Grid.Step * (i == 0 || i == target.Grid.Count - 1 ? 0.5 : 1.0)).ToArray();
        using var model = new MlpScoreModel(4, new MlpOptions { DType = ScalarType.Float64 });
        using var loss = new GridFiniteDifferenceScoreMatchingLoss(target);

        var (fused, fusedGradients) = TestModels.ValueAndGradients(model, () => loss.Compute(model));
        var (plain, plainGradients) = TestModels.ValueAndGradients(model, () => Plain(model, [.. target.Grid.Points], weights, loss.Delta));

        fused.Should().BeApproximately(plain, 1e-12 * Math.Max(1, Math.Abs(plain)));
        AssertClose(fusedGradients, plainGradients);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    public void Batch_IsTheLossOfTheBatchsSamples_WithAndWithoutThePenalty(double curvatureWeight)
    {
        // A mini-batch of samples 1 and 3 of five gives what the loss of those two samples gives over all its points.
        double[] samples = [-2.5, -0.4, 0.7, 1.9, 3.2];
        using var model = new MlpScoreModel(5, new MlpOptions { Activation = Activation.Tanh, DType = ScalarType.Float64, HiddenWidths = [6] });
        using var loss = new CurvaturePenalizedScoreMatchingLoss(samples, curvatureWeight, delta: 0.2);
        using var pair = new CurvaturePenalizedScoreMatchingLoss([samples[1], samples[3]], curvatureWeight, delta: 0.2);
        using var scope = NewDisposeScope();

        var batched = loss.ComputeEach(new LossContext(model, batch: tensor(new long[] { 1, 3 }))).ToDouble();

        batched.Should().BeApproximately(pair.Compute(model).ToDouble(), 1e-12);
    }

    [Fact]
    public void CreateObjective_ForOneCoordinateOnly_AndBatchedOnlyForAMeanOverSamples()
    {
        using var line = new MlpScoreModel(1, new MlpOptions { DType = ScalarType.Float64 });
        using var plane = new MlpScoreModel(1, new MlpOptions { Dimension = 2, DType = ScalarType.Float64 });
        using var samples = new EmpiricalFiniteDifferenceScoreMatchingLoss([-1.0, 0.5, 2.0]);
        using var grid = new GridFiniteDifferenceScoreMatchingLoss(SeedProblem.Target);
        var lineLayout = ((IFusableNetwork)line).Layout!;

        ((IFusableLoss)samples).CreateObjective(lineLayout, batched: true).Should().BeOfType<OneHiddenLayerObjectiveKernel>();
        ((IFusableLoss)grid).CreateObjective(lineLayout, batched: false).Should().BeOfType<OneHiddenLayerObjectiveKernel>();
        ((IFusableLoss)grid).CreateObjective(lineLayout, batched: true).Should().BeNull("a weighted sum over the grid cannot be split into batches");
        ((IFusableLoss)samples).CreateObjective(((IFusableNetwork)plane).Layout!, batched: false).Should().BeNull();
    }

    [Fact]
    public void CreateObjective_StepThatVanishesInTheNetworksDtype_Throws()
    {
        // δ = 10⁻⁶ moves 100 in float64 but not in float32.
        using var model = new MlpScoreModel(1, new MlpOptions { Activation = Activation.Tanh });
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss([0.0, 100.0], delta: 1e-6);

        var act = () => ((IFusableLoss)loss).CreateObjective(((IFusableNetwork)model).Layout!, batched: false);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("delta").WithMessage("*Float32*");
    }

    [Fact]
    public void Ctor_NoPenalty_HasZeroCurvatureWeights_EvenWhereTheSquaredStepUnderflows()
    {
        var objective = new FiniteDifferenceObjective(Expectation.OverSamples([0.0, 1e-300], "samples"), delta: 1e-200);

        objective.CurvatureWeights.ToArray().Should().Equal(0.0, 0.0);
        objective.IsSampleMean.Should().BeTrue();
        new FiniteDifferenceObjective(Expectation.UnderDensity(SeedProblem.Target), delta: 0.05).IsSampleMean.Should().BeFalse();
    }

    /// <summary>The original example's formulas: two forward passes, ψ̄ and Dψ as tensors, then the weighted mean.</summary>
    private static Tensor Plain(IScoreModel model, double[] points, double[]? weights, double delta)
    {
        var x = tensor(points, [points.Length, 1], ScalarType.Float64);
        var forward = model.Score(x + delta);
        var backward = model.Score(x - delta);
        var average = (forward + backward) / 2;
        var derivative = (forward - backward) / (2 * delta);
        var integrand = (average.square() / 2) + derivative;
        return weights is null ? integrand.mean() : (integrand * tensor(weights, [weights.Length, 1], ScalarType.Float64)).sum();
    }

    private static void AssertClose(double[] actual, double[] expected)
    {
        actual.Should().HaveSameCount(expected);
        var scale = Math.Max(1, expected.Max(Math.Abs));
        for (var i = 0; i < expected.Length; i++)
        {
            actual[i].Should().BeApproximately(expected[i], 1e-12 * scale, "gradient component {0}", i);
        }
    }
}
