using FiniteDifferenceScoreMatching.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Models;

public sealed class NoiseConditionalScoreModelTests
{
    private static readonly NoiseSchedule Noise = NoiseSchedule.Geometric(5, 0.05, 6);
    private static readonly MlpOptions TwoD = new() { Dimension = 2, HiddenWidths = [16], Activation = Activation.Tanh, DType = ScalarType.Float64 };

    [Fact]
    public void Score_WithoutALevel_IsTheScoreAtTheSmallestLevel()
    {
        using var model = new NoiseConditionalScoreModel(3, Noise, TwoD);
        using var scope = NewDisposeScope();
        var x = randn(5, 2, ScalarType.Float64, generator: new Generator(1));

        var plain = model.Score(x);
        var atSmallest = model.Score(x, full(5, Noise.Smallest, ScalarType.Float64));

        plain.shape.Should().Equal(5, 2);
        (plain - atSmallest).abs().max().ToDouble().Should().Be(0);
    }

    [Fact]
    public void Score_IsTheNetworkOnScaledPointsAndTheLogLevel_DividedByTheLevel()
    {
        // ψ(x, σ) = f([x / √(σ² + s²), log σ]) / σ, checked on the network's parameters directly, for s = 1 and s = 3.
        foreach (var (model, dataScale) in new[] { (new NoiseConditionalScoreModel(4, Noise, TwoD), 1.0), (new NoiseConditionalScoreModel(4, Noise, TwoD, dataScale: 3), 3.0) })
        {
            using var owned = model;
            using var scope = NewDisposeScope();
            var x = randn(7, 2, ScalarType.Float64, generator: new Generator(2));
            var sigma = full(7, 0.5, ScalarType.Float64);
            var parameters = model.NamedParameters().Select(p => p.Parameter).ToArray();
            var input = cat([x / Math.Sqrt(0.25 + (dataScale * dataScale)), sigma.unsqueeze(1).log()], 1);
            var hidden = (input.matmul(parameters[0].t()) + parameters[1]).tanh();
            var f = hidden.matmul(parameters[2].t()) + parameters[3];

            var scaled = model.Score(x, sigma) * 0.5;

            model.DataScale.Should().Be(dataScale);
            (scaled - f).abs().max().ToDouble().Should().BeLessThan(1e-14);
        }
    }

    [Fact]
    public void DataScaleOf_IsTheRootMeanSquareSpreadOfTheCoordinates_OrOneWithoutSpread()
    {
        // Coordinate 0 has deviations ±1, coordinate 1 ±3: variances 1 and 9, mean 5.
        double[,] samples = { { -1, 7 }, { 1, 1 }, { -1, 1 }, { 1, 7 } };

        NoiseConditionalScoreModel.DataScaleOf(samples).Should().BeApproximately(Math.Sqrt(5), 1e-15);
        NoiseConditionalScoreModel.DataScaleOf(new double[,] { { 2, 3 }, { 2, 3 } }).Should().Be(1);
        ((Action)(() => NoiseConditionalScoreModel.DataScaleOf(new double[,] { { -1e300 }, { 1e300 } }))).Should().Throw<ArgumentException>().WithParameterName("samples");
        ((Action)(() => NoiseConditionalScoreModel.DataScaleOf(new double[,] { { double.NaN } }))).Should().Throw<ArgumentException>().WithParameterName("samples");
    }

    [Fact]
    public void Constructor_DataScaleNotFinitePositive_ThrowsNamingIt()
    {
        foreach (var bad in new[] { 0, -1, double.NaN, double.PositiveInfinity })
        {
            ((Action)(() => _ = new NoiseConditionalScoreModel(1, Noise, TwoD, bad))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("dataScale");
        }
    }

    [Fact]
    public void Constructor_SameSeed_SameParameters()
    {
        using var first = new NoiseConditionalScoreModel(9, Noise, TwoD);
        using var second = new NoiseConditionalScoreModel(9, Noise, TwoD);

        ParameterSnapshot.Capture(second).Flatten().Should().Equal(ParameterSnapshot.Capture(first).Flatten());
        first.NamedParameters().Select(p => p.Parameter.shape).Should().BeEquivalentTo(new[] { new long[] { 16, 3 }, [16], [2, 16], [2] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Score_LevelsOfTheWrongShape_ThrowNamingThem()
    {
        using var model = new NoiseConditionalScoreModel(1, Noise, TwoD);
        using var x = zeros(4, 2, ScalarType.Float64);
        using var three = ones(3, ScalarType.Float64);
        using var single = ones(4, ScalarType.Float32);

        ((Action)(() => model.Score(x, three))).Should().Throw<ArgumentException>().WithParameterName("sigma").WithMessage("*[4]*");
        ((Action)(() => model.Score(x, single))).Should().Throw<ArgumentException>().WithParameterName("sigma").WithMessage("*Float32*");
        ((Action)(() => _ = new NoiseConditionalScoreModel(1, null!))).Should().Throw<ArgumentNullException>().WithParameterName("noise");
    }

    [Fact]
    public void Dispose_ThenScore_Throws()
    {
        var model = new NoiseConditionalScoreModel(1, Noise, TwoD);
        model.Dispose();
        model.Dispose();

        ((Action)(() => model.Score(zeros(2, 2, ScalarType.Float64)))).Should().Throw<ObjectDisposedException>();
    }
}
