using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.Tests.Training;

/// <summary>What a validation check says of itself.</summary>
public sealed class ValidationCheckTests
{
    [Fact]
    public void ToString_UnderACommaDecimalCulture_WritesTheLossesInvariantly()
    {
        var check = new ValidationCheck(30, 0.25, double.PositiveInfinity);

        CommaDecimalCulture.Run(check.ToString).Should().Be("epoch 30: training 0.25, validation Infinity");
    }
}
