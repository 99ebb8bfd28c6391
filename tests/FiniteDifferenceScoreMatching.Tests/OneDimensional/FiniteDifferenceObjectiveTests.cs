using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
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
