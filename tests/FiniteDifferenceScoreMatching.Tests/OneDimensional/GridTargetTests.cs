using FiniteDifferenceScoreMatching.OneDimensional;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional;

public sealed class GridTargetTests
{
    [Fact]
    public void Ctor_ZeroDensity_IsKept_AndWeighsNothing()
    {
        // A density that vanishes at the ends, as a density of bounded support does.
        var grid = new UniformGrid(0, 2, 5);
        var target = new GridTarget(grid, [0.0, 0.5, 1.0, 0.5, 0.0], [2.0, 1.0, 0.0, -1.0, -2.0]);

        target.Density.Should().Equal(0.0, 0.5, 1.0, 0.5, 0.0);
        target.Score.Should().Equal(2.0, 1.0, 0.0, -1.0, -2.0);
        target.ExpectationWeights().Should().Equal(0.0, 0.25, 0.5, 0.25, 0.0);
    }
}
