using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>The largest finite value of each floating dtype, as TorchSharp itself reports it.</summary>
public sealed class FloatingRangeTests
{
    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void Largest_IsTheDtypesFinfoMax(ScalarType dtype)
    {
        FloatingRange.Largest(dtype).Should().Be(finfo(dtype).max);
    }

    [Fact]
    public void Largest_OfANonFloatingDtype_IsThatOfDouble()
    {
        FloatingRange.Largest(ScalarType.Int64).Should().Be(double.MaxValue);
    }
}
