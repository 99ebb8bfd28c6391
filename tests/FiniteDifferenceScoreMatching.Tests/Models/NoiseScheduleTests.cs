using FiniteDifferenceScoreMatching.Models;

namespace FiniteDifferenceScoreMatching.Tests.Models;

public sealed class NoiseScheduleTests
{
    [Fact]
    public void Geometric_RunsFromTheLargestToTheSmallestAtAConstantRatio()
    {
        var schedule = NoiseSchedule.Geometric(10, 0.01, 10);

        schedule.Count.Should().Be(10);
        schedule.Largest.Should().Be(10);
        schedule.Smallest.Should().Be(0.01);
        var ratios = schedule.Levels.Zip(schedule.Levels.Skip(1), (a, b) => b / a).ToArray();
        ratios.Should().AllSatisfy(r => r.Should().BeApproximately(Math.Pow(1e-3, 1.0 / 9), 1e-12));
    }

    [Fact]
    public void Geometric_OneLevel_IsThatLevel()
    {
        NoiseSchedule.Geometric(0.5, 0.5, 1).Levels.Should().Equal(0.5);
    }

    [Theory]
    [InlineData(0.0, 0.01, 3, "largest")]
    [InlineData(1.0, double.NaN, 3, "smallest")]
    [InlineData(1.0, 2.0, 3, "smallest")]
    [InlineData(1.0, 1.0, 3, "smallest")]
    [InlineData(1.0, 0.5, 1, "smallest")]
    [InlineData(1.0, 0.5, 0, "count")]
    public void Geometric_BadArguments_ThrowNamingThem(double largest, double smallest, int count, string name)
    {
        var act = () => NoiseSchedule.Geometric(largest, smallest, count);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(name);
    }
}
