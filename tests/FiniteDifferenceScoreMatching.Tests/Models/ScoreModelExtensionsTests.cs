using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

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

    [Fact]
    public void ScoreAt_ListForAModelOfTwoCoordinates_SaysToPassRows()
    {
        using var model = new ModuleScoreModel(nn.Linear(2, 2, dtype: ScalarType.Float64), dimension: 2);

        var act = () => model.ScoreAt([1.0, 2.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("model").WithMessage("The model takes 2 coordinates; pass the points as the rows of an [N, 2] array.*");
        ((Action)(() => ((IScoreModel)null!).ScoreAt([1.0]))).Should().Throw<ArgumentNullException>().WithParameterName("model");
    }

    [Fact]
    public void ScoreAt_NoPoints_SaysSo()
    {
        using var model = TestModels.Affine(-1, 0);

        var act = () => model.ScoreAt([]);

        act.Should().Throw<ArgumentException>().WithMessage("At least one point is needed.*");
    }

    [Fact]
    public void ScoreAt_LargestValueOfTheDtype_IsTaken_AndBeyondItIsNot()
    {
        using var model = TestModels.Affine(0, 2, ScalarType.Float32);

        model.ScoreAt([float.MaxValue, -float.MaxValue]).Should().Equal(2, 2);
        ((Action)(() => model.ScoreAt([0.0, 1e39]))).Should().Throw<ArgumentException>().WithParameterName("points").WithMessage("The point at index 1, *, is beyond the largest value a Float32 model can take, *");
    }

    [Fact]
    public void ScoreAt_ScoreThatOverflows_ThrowsNamingThePoint()
    {
        using var model = TestModels.Affine(1e30, 0, ScalarType.Float32);

        var act = () => model.ScoreAt([0.0, 1e10]);

        act.Should().Throw<InvalidOperationException>().WithMessage("The model's score at the point at index 1, *, is *");
    }

    [Fact]
    public void ScoreAt_Rows_GivesEachPointsScoreInItsRow()
    {
        using var model = TwoCoordinateAffine(ScalarType.Float64);

        var scores = model.ScoreAt(new double[,] { { 1, 2 }, { -3, 0.5 }, { 0, 0 } });

        // ψ(x) = (x₀ + 2x₁ + 1, −x₁ − 1).
        scores.Should().BeEquivalentTo(new double[,] { { 6, -3 }, { -1, -1.5 }, { 1, -1 } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void ScoreAt_RowsRefused_SayWhy()
    {
        using var model = TwoCoordinateAffine(ScalarType.Float32);

        ((Action)(() => ((IScoreModel)null!).ScoreAt(new double[1, 2]))).Should().Throw<ArgumentNullException>().WithParameterName("model");
        ((Action)(() => model.ScoreAt(new double[,] { { 1, double.NaN } }))).Should().Throw<ArgumentException>().WithParameterName("points");
        ((Action)(() => model.ScoreAt(new double[2, 3]))).Should().Throw<ArgumentException>().WithParameterName("points").WithMessage("The points have 3 coordinates, but the model takes 2.*");
        ((Action)(() => model.ScoreAt(new double[,] { { 0, -1e39 } }))).Should().Throw<ArgumentException>().WithParameterName("points").WithMessage("The value * is beyond the largest value a Float32 model can take, *");
        model.ScoreAt(new double[,] { { float.MaxValue, 0 } })[0, 0].Should().Be(float.MaxValue, "the largest value is taken");
    }

    [Fact]
    public void ScoreAt_RowsWhoseScoreOverflows_NameThePointAndTheCoordinate()
    {
        using var model = TwoCoordinateAffine(ScalarType.Float32);

        var act = () => model.ScoreAt(new double[,] { { 0, 0 }, { 0, 0 }, { 0, 3e38 } });

        act.Should().Throw<InvalidOperationException>().WithMessage("The model's score at point 2 is * in coordinate 0: *");
    }

    /// <summary>ψ(x) = (x₀ + 2x₁ + 1, −x₁ − 1) on two coordinates.</summary>
    private static ModuleScoreModel TwoCoordinateAffine(ScalarType dtype)
    {
        var layer = nn.Linear(2, 2, dtype: dtype);
        using (no_grad())
        {
            using var weight = tensor(new[] { 1.0, 2, 0, -1 }, [2, 2]).to(dtype);
            using var bias = tensor(new[] { 1.0, -1 }).to(dtype);
            layer.weight!.copy_(weight);
            layer.bias!.copy_(bias);
        }

        return new ModuleScoreModel(layer, dimension: 2);
    }
}
