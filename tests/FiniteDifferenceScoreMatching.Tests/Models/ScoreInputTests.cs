using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Models;

/// <summary>The check of the points a network scores: the shapes it takes and what its messages say.</summary>
public sealed class ScoreInputTests
{
    [Theory]
    [InlineData(new long[] { 5 }, 1)]
    [InlineData(new long[] { 5, 1 }, 1)]
    [InlineData(new long[] { 0, 1 }, 1)]
    [InlineData(new long[] { 5, 3 }, 3)]
    public void ThrowIfInvalid_ShapeTaken_Passes(long[] shape, int dimension)
    {
        using var x = zeros(shape, ScalarType.Float32);

        ScoreInput.ThrowIfInvalid(x, ScalarType.Float32, CPU, dimension, "model");
    }

    [Theory]
    [InlineData(new long[] { }, 1, "[N] or [N, 1]", "[]")]
    [InlineData(new long[] { 5, 2 }, 1, "[N] or [N, 1]", "[5, 2]")]
    [InlineData(new long[] { 5, 1, 1 }, 1, "[N] or [N, 1]", "[5, 1, 1]")]
    [InlineData(new long[] { 5 }, 2, "[N, 2]", "[5]")]
    [InlineData(new long[] { 5, 3 }, 2, "[N, 2]", "[5, 3]")]
    public void ThrowIfInvalid_OtherShape_SaysWhichShapeIsExpected(long[] shape, int dimension, string expected, string actual)
    {
        using var x = zeros(shape, ScalarType.Float32);

        var act = () => ScoreInput.ThrowIfInvalid(x, ScalarType.Float32, CPU, dimension, "model");

        act.Should().Throw<ArgumentException>().WithParameterName("x").WithMessage($"The points must have shape {expected}, not {actual}.*");
    }

    [Fact]
    public void ThrowIfInvalid_OtherDtype_NamesTheOwner()
    {
        using var x = zeros(4, 2, ScalarType.Float64);

        var act = () => ScoreInput.ThrowIfInvalid(x, ScalarType.Float32, CPU, 2, "ensemble");

        act.Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("The points are Float64 on cpu, but the ensemble is Float32 on cpu.*");
    }
}
