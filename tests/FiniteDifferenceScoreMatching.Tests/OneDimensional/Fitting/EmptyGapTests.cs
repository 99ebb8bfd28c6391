using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional.Fitting;

public class EmptyGapTests
{
    [Fact]
    public void Find_TwoSeparatedClusters_FindsTheGapBetweenThem()
    {
        var samples = new GaussianMixture([-5.0, 5.0], [0.5, 0.5], [0.3, 0.7]).Sample(new Random(4), 400);

        var gaps = EmptyGap.Find(samples, 4);

        var gap = gaps.Should().ContainSingle().Which;
        gap.Lower.Should().BeLessThan(-2);
        gap.Upper.Should().BeGreaterThan(2);
        (gap.SamplesBelow + gap.SamplesAbove).Should().Be(400);
        gap.SamplesBelow.Should().Be(samples.Count(x => x < 0));
    }

    [Theory]
    [InlineData(12345)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Find_OriginalAndTuningSetsOf1024Samples_FindsNone(int sampleSeed)
    {
        var samples = SeedProblem.Mixture.Sample(new Random(sampleSeed), 1024);

        EmptyGap.Find(samples, 4).Should().BeEmpty();
    }

    [Fact]
    public void Find_OneNormal_IgnoresTheThinTails()
    {
        var samples = new GaussianMixture([0.0], [1.0], [1.0]).Sample(new Random(5), 2000);

        EmptyGap.Find(samples, 4).Should().BeEmpty();
    }

    [Fact]
    public void Find_TooFewSamplesForTwoGroups_FindsNone()
    {
        EmptyGap.Find([-10.0, -9.9, 10.0, 10.1], 4).Should().BeEmpty();
    }
}
