using FiniteDifferenceScoreMatching.Models;

namespace FiniteDifferenceScoreMatching.Tests.Models;

public class ScoreModelExtensionsTests
{
    [Fact]
    public void ScoreAt_AffineModel_GivesExactValues()
    {
        using var model = TestModels.Affine(-1, 3);

        model.ScoreAt([0.0, 1.0, -2.5]).Should().Equal(3, 2, 5.5);
    }

    [Fact]
    public void ScoreAt_NonFinitePoint_ThrowsNamingIndex()
    {
        using var model = TestModels.Affine(-1, 0);

        var act = () => model.ScoreAt([0.0, double.NaN]);

        act.Should().Throw<ArgumentException>().WithParameterName("points").WithMessage("*index 1*");
    }

    [Fact]
    public void ScoreAt_NoPoints_Throws()
    {
        using var model = TestModels.Affine(-1, 0);

        var act = () => model.ScoreAt([]);

        act.Should().Throw<ArgumentException>().WithParameterName("points");
    }
}
