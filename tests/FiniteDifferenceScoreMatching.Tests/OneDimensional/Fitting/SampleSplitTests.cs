using FiniteDifferenceScoreMatching.OneDimensional.Fitting;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional.Fitting;

public class SampleSplitTests
{
    [Theory]
    [InlineData(1024, 0.2, 205)]
    [InlineData(128, 0.2, 26)]
    [InlineData(10, 0.25, 3)]
    [InlineData(10, 0.01, 1)]
    [InlineData(10, 0.99, 9)]
    [InlineData(2, 0.5, 1)]
    public void ValidationCount_RoundsAndKeepsOneSampleOnEachSide(int count, double fraction, int expected)
    {
        SampleSplit.ValidationCount(count, fraction).Should().Be(expected);
    }

    [Fact]
    public void Create_SeedSamples_HasTheDocumentedSizesAndLosesNoSample()
    {
        var samples = SeedProblem.Samples();

        var split = SampleSplit.Create(samples, 0.2, new Random(1));

        split.Validation.Should().HaveCount(205);
        split.Training.Should().HaveCount(819);
        split.Training.Concat(split.Validation).Order().Should().Equal(samples.Order());
    }

    [Fact]
    public void Create_SameSeed_GivesTheSameSplit()
    {
        var samples = SeedProblem.Samples(100);

        var first = SampleSplit.Create(samples, 0.3, new Random(7));
        var second = SampleSplit.Create(samples, 0.3, new Random(7));
        var other = SampleSplit.Create(samples, 0.3, new Random(8));

        second.Training.Should().Equal(first.Training);
        second.Validation.Should().Equal(first.Validation);
        other.Validation.Should().NotEqual(first.Validation);
    }

    [Fact]
    public void Create_DoesNotChangeTheCallersSamples()
    {
        var samples = SeedProblem.Samples(50);
        var copy = samples.ToArray();

        SampleSplit.Create(samples, 0.5, new Random(3));

        samples.Should().Equal(copy);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.2)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Create_FractionOutsideUnitInterval_ThrowsShowingIt(double fraction)
    {
        var act = () => SampleSplit.Create([1.0, 2.0, 3.0], fraction, new Random(1));

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("validationFraction")
            .WithMessage("*strictly between 0 and 1*");
    }

    [Fact]
    public void Create_OneSample_Throws()
    {
        var act = () => SampleSplit.Create([1.0], 0.5, new Random(1));

        act.Should().Throw<ArgumentException>().WithParameterName("samples").WithMessage("*at least two samples*1*");
    }

    [Fact]
    public void Create_NaNSample_ThrowsNamingItsIndex()
    {
        var act = () => SampleSplit.Create([1.0, double.NaN, 2.0], 0.5, new Random(1));

        act.Should().Throw<ArgumentException>().WithParameterName("samples").WithMessage("*index 1*");
    }

    [Fact]
    public void Create_NullArguments_Throw()
    {
        var noSamples = () => SampleSplit.Create(null!, 0.5, new Random(1));
        var noRandom = () => SampleSplit.Create([1.0, 2.0], 0.5, null!);

        noSamples.Should().Throw<ArgumentNullException>().WithParameterName("samples");
        noRandom.Should().Throw<ArgumentNullException>().WithParameterName("random");
    }
}
