using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Models;

/// <summary>The architecture of a network: equality, hashing, and the settings refused, each with its message.</summary>
public sealed class MlpOptionsTests
{
    public static TheoryData<MlpOptions, string, string> Refused => new()
    {
        { new MlpOptions { HiddenWidths = null! }, "HiddenWidths", "*HiddenWidths*" },
        { new MlpOptions { HiddenWidths = [] }, "HiddenWidths", "At least one hidden layer is needed.*" },
        { new MlpOptions { HiddenWidths = [4, 0] }, "HiddenWidths", "Hidden layer 1 has width 0; every width must be at least 1.*" },
        { new MlpOptions { Dimension = 0 }, "Dimension", "A point needs at least one coordinate, but the dimension is 0.*" },
        { new MlpOptions { Activation = (Activation)99 }, "Activation", "Unknown activation 99.*" },
        { new MlpOptions { Initialization = (MlpInitialization)99 }, "Initialization", "Unknown initialisation 99.*" },
        { new MlpOptions { DType = ScalarType.Int32 }, "DType", "The dtype must be Float32 or Float64, not Int32.*" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Validate_RefusedSetting_ThrowsNamingItWithItsMessage(MlpOptions options, string name, string message)
    {
        var act = options.Validate;

        act.Should().Throw<ArgumentException>().WithParameterName(name).WithMessage(message);
    }

    [Fact]
    public void Validate_OneUnitLayersAndOneCoordinate_AreTaken()
    {
        var act = new MlpOptions { HiddenWidths = [1, 1], Dimension = 1 }.Validate;

        act.Should().NotThrow();
    }

    [Fact]
    public void GetHashCode_EqualOptions_Agree_AndTheWidthsCount()
    {
        var options = new MlpOptions { HiddenWidths = [8, 16], Dimension = 2 };

        options.GetHashCode().Should().Be(new MlpOptions { HiddenWidths = new List<int> { 8, 16 }, Dimension = 2 }.GetHashCode());
        new[] { options with { HiddenWidths = [8] }, options with { HiddenWidths = [16] }, options with { HiddenWidths = [16, 8] }, options }
            .Select(o => o.GetHashCode()).Should().OnlyHaveUniqueItems("the widths go into the hash");
    }
}
