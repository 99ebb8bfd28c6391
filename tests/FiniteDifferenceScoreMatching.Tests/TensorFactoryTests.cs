using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>Tensors built from managed data: shape, order, element type, and nothing left behind.</summary>
public sealed class TensorFactoryTests
{
    [Fact]
    public void Column_GivesAnNByOneTensorOfTheValuesAndOnlyIt()
    {
        IReadOnlyList<double> values = new List<double> { 1.5, -2.25, 1e-3 };
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        using var column = TensorFactory.Column(values, ScalarType.Float32, CPU);

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before + 1, "the result is the one tensor left");
        column.shape.Should().Equal(3, 1);
        column.dtype.Should().Be(ScalarType.Float32);
        column.data<float>().ToArray().Should().Equal(1.5f, -2.25f, 1e-3f);
    }

    [Fact]
    public void Matrix_KeepsTheRowsInOrder()
    {
        var values = new double[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        using var matrix = TensorFactory.Matrix(values, ScalarType.Float64, CPU);

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before + 1, "the result is the one tensor left");
        matrix.shape.Should().Equal(2, 3);
        matrix.dtype.Should().Be(ScalarType.Float64);
        matrix[1, 0].item<double>().Should().Be(4);
        matrix.data<double>().ToArray().Should().Equal(1, 2, 3, 4, 5, 6);
    }

    [Fact]
    public void Matrix_NoRows_GivesAnEmptyTensorOfTheColumns()
    {
        using var matrix = TensorFactory.Matrix(new double[0, 2], ScalarType.Float32, CPU);

        matrix.shape.Should().Equal(0, 2);
    }
}
