using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional;

public class StandardizedScoreModelTests
{
    [Fact]
    public void Score_IsTheInnerScoreAtTheStandardisedPointDividedByTheScale()
    {
        // ψ_Z(z) = −2z + 1, c = 10, s = 4: ψ_X(x) = (−2 (x − 10) / 4 + 1) / 4.
        using var model = new StandardizedScoreModel(TestModels.Affine(-2, 1), center: 10, scale: 4);

        var score = model.ScoreAt([2.0, 10.0, 14.0, 30.0]);

        double[] expected = [1.25, 0.25, -0.25, -2.25];
        score.Zip(expected).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 1e-12);
    }

    [Fact]
    public void Score_KeepsTheShapeAndTheAutogradGraph()
    {
        using var model = new StandardizedScoreModel(TestModels.Affine(3, 0), center: -1, scale: 0.5);
        var points = new[] { -2.0, 0.0, 1.5 };

        var (score, derivative) = TestModels.ScoreAndDerivative(model, points);

        score.Should().HaveCount(3);
        derivative.Should().OnlyContain(d => Math.Abs(d - 12) < 1e-12, "d/dx of 3 (x + 1) / 0.5 / 0.5 is 12");
    }

    [Fact]
    public void ScoreAt_Float32FarFromZero_StandardisesInDoublePrecision()
    {
        using var model = new StandardizedScoreModel(new MlpScoreModel(2), center: 1e4, scale: 0.01);
        double[] z = [-2.0, -0.5, 0.0, 1.0, 2.0];

        var score = model.ScoreAt(z.Select(v => 1e4 + (0.01 * v)).ToArray());

        var expected = model.Inner.ScoreAt(z).Select(v => v / 0.01).ToArray();
        score.Zip(expected).Should().OnlyContain(p => Math.Abs(p.First - p.Second) <= 1e-6 * Math.Abs(p.Second));
    }

    [Fact]
    public void NamedParameters_AreTheInnerModels_AndTrainingTrainsThem()
    {
        var inner = new MlpScoreModel(3, new MlpOptions { DType = ScalarType.Float64 });
        using var model = new StandardizedScoreModel(inner, center: 100, scale: 0.01);
        var before = ParameterSnapshot.Capture(inner).Flatten();

        model.NamedParameters().Select(p => p.Parameter).Should().Equal(inner.NamedParameters().Select(p => p.Parameter));
        model.DType.Should().Be(ScalarType.Float64);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(64).Select(x => 100 + (0.01 * x)).ToArray());
        trainer.Train(loss, 5).StopReason.Should().Be(StopReason.Completed);

        ParameterSnapshot.Capture(inner).Flatten().Should().NotEqual(before);
    }

    [Theory]
    [InlineData(double.NaN, 1, "center")]
    [InlineData(double.PositiveInfinity, 1, "center")]
    [InlineData(0, 0, "scale")]
    [InlineData(0, -1, "scale")]
    [InlineData(0, double.NaN, "scale")]
    public void Constructor_BadTransform_ThrowsNamingIt(double center, double scale, string name)
    {
        using var inner = TestModels.Affine(1, 0);

        var act = () => new StandardizedScoreModel(inner, center, scale);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void Constructor_NullInner_Throws()
    {
        var act = () => new StandardizedScoreModel(null!, 0, 1);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("inner");
    }

    [Fact]
    public void Dispose_DisposesTheInnerModelOnce_AndScoreThenThrows()
    {
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var inner = new MlpScoreModel(1);
        var model = new StandardizedScoreModel(inner, 0, 2);

        model.Dispose();
        model.Dispose();

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
        FluentActions.Invoking(() => model.ScoreAt([0.0])).Should().Throw<ObjectDisposedException>().Which.ObjectName.Should().Be(typeof(StandardizedScoreModel).FullName);
        FluentActions.Invoking(() => inner.ScoreAt([0.0])).Should().Throw<ObjectDisposedException>();
        using var x = zeros(1, 1);
        FluentActions.Invoking(() => model.Score(x)).Should().Throw<ObjectDisposedException>().Which.ObjectName.Should().Be(typeof(StandardizedScoreModel).FullName);
    }

    [Fact]
    public void Score_OfATensor_IsTheScoreOfItsPoints_AndNullThrows()
    {
        using var model = new StandardizedScoreModel(TestModels.Affine(-2, 1), center: 10, scale: 4);
        using var x = tensor(new[] { 2.0, 10.0, 14.0, 30.0 }, [4, 1], ScalarType.Float64);

        using var score = model.Score(x);

        TestModels.ToArray(score).Should().Equal(model.ScoreAt([2.0, 10.0, 14.0, 30.0]));
        model.Invoking(m => m.Score(null!)).Should().Throw<ArgumentNullException>().WithParameterName("x");
    }
}
