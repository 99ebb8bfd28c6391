using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training;

/// <summary>
/// The managed objective and hand-written gradient of the fused training path against TorchSharp's evaluation of
/// the same loss and its autograd gradient, in float64, on random points and random parameters.
/// </summary>
public class MlpObjectiveKernelTests
{
    [Theory]
    [InlineData(Activation.Relu, new[] { 8 }, 0.0, 6.0, 1)]
    [InlineData(Activation.Relu, new[] { 5, 3 }, 0.0, 6.0, 2)]
    [InlineData(Activation.Tanh, new[] { 8 }, 0.0, 6.0, 3)]
    [InlineData(Activation.Tanh, new[] { 4, 6 }, 0.3, 6.0, 4)]
    [InlineData(Activation.Softplus, new[] { 32 }, 0.0, 6.0, 5)]
    [InlineData(Activation.Softplus, new[] { 6, 4 }, 0.0, 60.0, 6)]
    [InlineData(Activation.Silu, new[] { 8 }, 0.5, 6.0, 7)]
    [InlineData(Activation.Silu, new[] { 3, 3, 3 }, 0.0, 30.0, 8)]
    [InlineData(Activation.Relu, new[] { 8 }, 0.2, 60.0, 9)]
    public void Evaluate_RandomSamples_MatchesTheLossAndItsAutogradGradient(Activation activation, int[] widths, double curvature, double spread, int seed)
    {
        var random = new Random(seed);
        var samples = Enumerable.Range(0, 257).Select(_ => (random.NextDouble() * 2 * spread) - spread).ToArray();
        using var model = RandomModel(seed, activation, widths);
        using ScoreLoss loss = curvature == 0
            ? new EmpiricalFiniteDifferenceScoreMatchingLoss(samples)
            : new CurvaturePenalizedScoreMatchingLoss(samples, curvature);

        AssertKernelMatches(model, loss);
    }

    [Fact]
    public void Evaluate_SeedGridTarget_MatchesTheLossAndItsAutogradGradient()
    {
        using var model = RandomModel(10, Activation.Relu, [8]);
        using var loss = new GridFiniteDifferenceScoreMatchingLoss(SeedProblem.Target);

        AssertKernelMatches(model, loss);
    }

    [Theory]
    [InlineData(new[] { 8 })]
    [InlineData(new[] { 4, 4 })]
    public void Evaluate_FewerPointsThanOneVector_MatchesTheLossAndItsAutogradGradient(int[] widths)
    {
        using var model = RandomModel(12, Activation.Softplus, widths);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss([-1.5, 0.25, 2.0]);

        AssertKernelMatches(model, loss);
    }

    [Fact]
    public void Evaluate_GivenDelta_UsesIt()
    {
        var samples = SeedProblem.Samples(100);
        using var model = RandomModel(11, Activation.Tanh, [8]);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples, delta: 0.25);

        AssertKernelMatches(model, loss);
    }

    /// <summary>A float64 network whose biases are random too (TorchSharp's default initialisation), so no unit starts at a kink.</summary>
    private static MlpScoreModel RandomModel(int seed, Activation activation, int[] widths) =>
        new(seed, new MlpOptions { Activation = activation, HiddenWidths = widths, DType = ScalarType.Float64, Initialization = MlpInitialization.TorchDefault });

    private static void AssertKernelMatches(MlpScoreModel model, ScoreLoss loss)
    {
        var names = model.NamedParameters().Select(p => p.Name).ToArray();
        names.Should().Equal(Enumerable.Range(0, model.Layers.Count).SelectMany(l => LayerNames(l, model.Layers.Count)), "the kernel's flat layout is the order of the named parameters");
        var kernel = MlpObjectiveKernel.Create(model.Options.HiddenWidths, model.Options.Activation, loss.FiniteDifferenceObjective!);
        var parameters = model.NamedParameters().SelectMany(p => TestModels.ToArray(p.Parameter)).ToArray();
        parameters.Should().HaveCount(kernel.ParameterCount);
        var gradient = new double[kernel.ParameterCount];

        var value = kernel.Evaluate(parameters, gradient);
        var (expected, expectedGradient) = TestModels.ValueAndGradients(model, () => loss.Compute(model));

        value.Should().BeApproximately(expected, 1e-12 * Math.Max(1, Math.Abs(expected)));
        var scale = Math.Max(1, expectedGradient.Max(Math.Abs));
        for (var i = 0; i < gradient.Length; i++)
        {
            gradient[i].Should().BeApproximately(expectedGradient[i], 1e-12 * scale, "gradient component {0} ({1})", i, names.Length);
        }
    }

    private static IEnumerable<string> LayerNames(int layer, int layers)
    {
        var prefix = layer == layers - 1 ? "output" : $"hidden{layer}";
        return [$"{prefix}.weight", $"{prefix}.bias"];
    }
}
