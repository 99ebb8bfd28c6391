using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.Tests.Training;

/// <summary>What a training report says of itself.</summary>
public sealed class EpochReportTests
{
    [Fact]
    public void ToString_UnderACommaDecimalCulture_WritesTheLossInvariantly()
    {
        var report = new EpochReport(12, 2, 50, 1.5);

        CommaDecimalCulture.Run(report.ToString).Should().Be("epoch 12 (2/50): loss 1.5");
    }
}
