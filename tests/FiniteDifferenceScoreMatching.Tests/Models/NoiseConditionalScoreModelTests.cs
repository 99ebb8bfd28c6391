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

    [Fact]
    public void DataScaleOf_SpreadBeyondADouble_SaysToRescale()
    {
        var act = () => NoiseConditionalScoreModel.DataScaleOf(new double[,] { { -1e300 }, { 1e300 } });

        act.Should().Throw<ArgumentException>().WithMessage("The samples spread further than a double holds; rescale them first.*");
    }

    [Fact]
    public void Score_LevelsAsAColumn_AreTheLevelsAsAVector()
    {
        using var model = new NoiseConditionalScoreModel(3, Noise, TwoD);
        using var x = linspace(-2, 2, 8, ScalarType.Float64).reshape(4, 2);
        using var vector = tensor(new[] { 5, 1, 0.2, 0.05 });
        using var column = vector.reshape(4, 1);

        using var fromVector = model.Score(x, vector);
        using var fromColumn = model.Score(x, column);

        fromColumn.allclose(fromVector, rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void Score_LevelsAsARowOrOfRankThree_ThrowNamingThem()
    {
        using var model = new NoiseConditionalScoreModel(3, Noise, TwoD);
        using var x = zeros(4, 2, ScalarType.Float64);
        using var row = ones(1, 4, ScalarType.Float64);
        using var cube = ones(4, 1, 1, ScalarType.Float64);

        ((Action)(() => model.Score(x, row))).Should().Throw<ArgumentException>().WithParameterName("sigma")
            .WithMessage("The levels must be one per point, [4] or [4, 1], Float64 on cpu; got Float64 [1, 4] on cpu.*");
        ((Action)(() => model.Score(x, cube))).Should().Throw<ArgumentException>().WithParameterName("sigma").WithMessage("*[4, 1, 1]*");
        ((Action)(() => model.Score(x, null!))).Should().Throw<ArgumentNullException>().WithParameterName("sigma");
    }

    [Fact]
    public void Score_OneCoordinateAsAVector_IsTheColumnsScore()
    {
        using var model = new NoiseConditionalScoreModel(4, Noise, TwoD with { Dimension = 1 });
        using var vector = linspace(-2, 2, 5, ScalarType.Float64);
        using var column = vector.unsqueeze(1);
        using var sigma = full(5, 0.3, ScalarType.Float64);

        using var fromVector = model.Score(vector, sigma);
        using var fromColumn = model.Score(column, sigma);
        using var atSmallest = model.Score(vector);

        fromVector.shape.Should().Equal(5);
        fromColumn.shape.Should().Equal(5, 1);
        fromColumn.squeeze(1).allclose(fromVector, rtol: 0, atol: 0).Should().BeTrue();
        atSmallest.shape.Should().Equal(5);
    }

    [Fact]
    public void Constructor_OptionsOutOfRange_ThrowNamingTheOption()
    {
        var act = () => new NoiseConditionalScoreModel(1, Noise, TwoD with { HiddenWidths = [] });

        act.Should().Throw<ArgumentException>().WithParameterName("HiddenWidths");
    }
}
