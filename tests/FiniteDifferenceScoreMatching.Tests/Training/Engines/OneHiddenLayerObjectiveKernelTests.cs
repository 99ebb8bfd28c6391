using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training.Engines;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training.Engines;

/// <summary>
/// The managed objective and hand-written gradient of the fused training path (one hidden layer) against TorchSharp's evaluation of
/// the same loss and its autograd gradient, in float64, on random points and random parameters.
/// </summary>
public class OneHiddenLayerObjectiveKernelTests
{
    [Theory]
    [InlineData(Activation.Relu, 8, 0.0, 6.0, 1)]
    [InlineData(Activation.Relu, 5, 0.0, 6.0, 2)]
    [InlineData(Activation.Tanh, 8, 0.0, 6.0, 3)]
    [InlineData(Activation.Tanh, 6, 0.3, 6.0, 4)]
    [InlineData(Activation.Softplus, 32, 0.0, 6.0, 5)]
    [InlineData(Activation.Softplus, 6, 0.0, 60.0, 6)]
    [InlineData(Activation.Silu, 8, 0.5, 6.0, 7)]
    [InlineData(Activation.Silu, 3, 0.0, 30.0, 8)]
    [InlineData(Activation.Relu, 8, 0.2, 60.0, 9)]
    public void Evaluate_RandomSamples_MatchesTheLossAndItsAutogradGradient(Activation activation, int hidden, double curvature, double spread, int seed)
    {
        var random = new Random(seed);
        var samples = Enumerable.Range(0, 257).Select(_ => (random.NextDouble() * 2 * spread) - spread).ToArray();
        using var model = RandomModel(seed, activation, hidden);
        using ScoreLoss loss = curvature == 0
            ? new EmpiricalFiniteDifferenceScoreMatchingLoss(samples)
            : new CurvaturePenalizedScoreMatchingLoss(samples, curvature);

        AssertKernelMatches(model, loss);
    }

    [Fact]
    public void Evaluate_SeedGridTarget_MatchesTheLossAndItsAutogradGradient()
    {
        using var model = RandomModel(10, Activation.Relu, 8);
        using var loss = new GridFiniteDifferenceScoreMatchingLoss(SeedProblem.Target);

        AssertKernelMatches(model, loss);
    }

    [Theory]
    [InlineData(Activation.Softplus)]
    [InlineData(Activation.Relu)]
    public void Evaluate_FewerPointsThanOneVector_MatchesTheLossAndItsAutogradGradient(Activation activation)
    {
        using var model = RandomModel(12, activation, 8);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss([-1.5, 0.25, 2.0]);

        AssertKernelMatches(model, loss);
    }

    [Theory]
    [InlineData(Activation.Relu, 0.0, 1)]
    [InlineData(Activation.Silu, 0.3, 7)]
    [InlineData(Activation.Tanh, 0.0, 13)]
    [InlineData(Activation.Relu, 0.1, 64)]
    public void EvaluateBatch_RandomIndices_MatchesTheBatchLossAndItsAutogradGradient(Activation activation, double curvature, int size)
    {
        var random = new Random(size);
        var samples = Enumerable.Range(0, 100).Select(_ => (random.NextDouble() * 12) - 6).ToArray();
        var indices = Enumerable.Range(0, size).Select(_ => (long)random.Next(samples.Length)).ToArray();
        using var model = RandomModel(size, activation, 8);
        using var loss = new CurvaturePenalizedScoreMatchingLoss(samples, curvature);
        using var batch = tensor(indices);
        var kernel = new OneHiddenLayerObjectiveKernel(8, activation, ((IFiniteDifferenceLoss)loss).Objective);
        var parameters = model.NamedParameters().SelectMany(p => TestModels.ToArray(p.Parameter)).ToArray();
        var gradient = new double[kernel.ParameterCount];

        // A full evaluation in between must not disturb the batch buffers, nor the batch the full evaluation.
        kernel.Evaluate(parameters, new double[kernel.ParameterCount], indices.Take(size / 2 + 1).ToArray());
        var full = kernel.Evaluate(parameters, new double[kernel.ParameterCount]);
        var value = kernel.Evaluate(parameters, gradient, indices);
        var (expected, expectedGradient) = TestModels.ValueAndGradients(model, () => loss.ComputeEach(new LossContext(model, batch: batch)).sum());

        AssertClose(value, gradient, expected, expectedGradient);
        using var fullExpected = loss.Compute(model);
        full.Should().BeApproximately(fullExpected.ToDouble(), 1e-12 * Math.Max(1, Math.Abs(full)));
    }

    [Fact]
    public void Evaluate_GivenDelta_UsesIt()
    {
        var samples = SeedProblem.Samples(100);
        using var model = RandomModel(11, Activation.Tanh, 8);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples, delta: 0.25);

        AssertKernelMatches(model, loss);
    }

    /// <summary>A float64 network whose biases are random too (TorchSharp's default initialisation), so no unit starts at a kink.</summary>
    private static MlpScoreModel RandomModel(int seed, Activation activation, int hidden) =>
        new(seed, new MlpOptions { Activation = activation, HiddenWidths = [hidden], DType = ScalarType.Float64, Initialization = MlpInitialization.TorchDefault });

    private static void AssertKernelMatches(MlpScoreModel model, ScoreLoss loss)
    {
        var names = model.NamedParameters().Select(p => p.Name).ToArray();
        names.Should().Equal(["hidden0.weight", "hidden0.bias", "output.weight", "output.bias"], "the kernel's flat layout is the order of the named parameters");
        var kernel = new OneHiddenLayerObjectiveKernel(model.Options.HiddenWidths[0], model.Options.Activation, ((IFiniteDifferenceLoss)loss).Objective);
        var parameters = model.NamedParameters().SelectMany(p => TestModels.ToArray(p.Parameter)).ToArray();
        parameters.Should().HaveCount(kernel.ParameterCount);
        var gradient = new double[kernel.ParameterCount];

        var value = kernel.Evaluate(parameters, gradient);
        var (expected, expectedGradient) = TestModels.ValueAndGradients(model, () => loss.Compute(model));

        AssertClose(value, gradient, expected, expectedGradient);
    }

    /// <summary>Value and gradient to 1e-12, relative to the larger of 1 and the largest expected magnitude.</summary>
    private static void AssertClose(double value, double[] gradient, double expected, double[] expectedGradient)
    {
        value.Should().BeApproximately(expected, 1e-12 * Math.Max(1, Math.Abs(expected)));
        CloseValues.Assert(gradient, expectedGradient, 1e-12);
    }
}
