using FiniteDifferenceScoreMatching.Losses;

namespace FiniteDifferenceScoreMatching.Tests.Losses;

/// <summary>What the exact implicit loss says of itself: how many samples it averages, and its argument checks.</summary>
public sealed class ImplicitScoreMatchingLossTests
{
    [Fact]
    public void SampleCount_IsTheNumberOfSamples_OrNullForAGrid()
    {
        using var oneDimensional = new ImplicitScoreMatchingLoss([0.0, 1.0, 2.0]);
        using var rows = new ImplicitScoreMatchingLoss(new double[5, 2]);
        using var grid = new ImplicitScoreMatchingLoss(SeedProblem.Target);

        oneDimensional.SampleCount.Should().Be(3);
        rows.SampleCount.Should().Be(5);
        grid.SampleCount.Should().BeNull("a quadrature over a grid is no mean over samples");
    }

    [Fact]
    public void Constructor_NullTarget_Throws()
    {
        var act = () => new ImplicitScoreMatchingLoss((FiniteDifferenceScoreMatching.OneDimensional.GridTarget)null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("target");
    }
}
