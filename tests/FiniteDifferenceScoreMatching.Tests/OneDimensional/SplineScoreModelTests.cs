using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional;

public sealed class SplineScoreModelTests
{
    private static readonly double[] Knots = [-1.5, -0.7, -0.1, 0.4, 1.1, 2.0];
    private static readonly double[] Coefficients = [2.5, 1.8, 0.6, -0.2, 0.3, -0.9, -1.7, -3.1];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Score_MatchesTheSplineThroughItsCoordinate(bool sinhArcsinh)
    {
        using var model = new SplineScoreModel(Knots, Coefficients, center: 3, scale: 2, sinhArcsinh);
        double[] points = [-40, -2, 0.5, 2.9, 3, 3.4, 4.4, 6, 7.7, 12, 300];

        var score = model.ScoreAt(points);

        for (var i = 0; i < points.Length; i++)
        {
            var u = model.Map.ToU(points[i]);
            var expected = model.Map.ScoreInX(points[i], model.Basis.Spline(Coefficients, u));
            score[i].Should().BeApproximately(expected, 1e-10 * (1 + Math.Abs(expected)), $"at x = {points[i]}");
        }
    }

    [Fact]
    public void Score_BeyondTheKnots_ContinuesWithTheEndValues()
    {
        using var model = new SplineScoreModel(Knots, Coefficients, center: 0, scale: 1, sinhArcsinh: false);

        model.ScoreAt([-10.0, 50.0]).Should().Equal([Coefficients[0], Coefficients[^1]], (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Score_KeepsTheGraphForTheCoefficients()
    {
        using var model = new SplineScoreModel(Knots, Coefficients, center: 0, scale: 1);
        using var scope = NewDisposeScope();
        var x = tensor(new[] { -0.3, 0.2, 1.5 }, ScalarType.Float64);

        model.Score(x).sum().backward();

        var parameter = model.NamedParameters().Single();
        parameter.Name.Should().Be("coefficients");
        parameter.Parameter.grad.Should().NotBeNull();
        parameter.Parameter.grad!.abs().sum().ToDouble().Should().BeGreaterThan(0);
        model.GetCoefficients().Should().Equal(Coefficients);
    }

    [Fact]
    public void Ctor_CoefficientCountNotKnotsPlusTwo_Throws()
    {
        var create = () => new SplineScoreModel(Knots, Coefficients.Take(7).ToArray(), 0, 1);

        create.Should().Throw<ArgumentException>().WithMessage("*6 knots need 8 coefficients, but there are 7*");
    }

    [Fact]
    public void Ctor_KnotsNotIncreasing_Throws()
    {
        var create = () => new SplineScoreModel([0.0, 1.0, 1.0], new double[5], 0, 1);

        create.Should().Throw<ArgumentException>().WithMessage("*strictly increasing*");
    }

    [Fact]
    public void Dispose_Twice_IsHarmless_AndScoreThenThrows()
    {
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var model = new SplineScoreModel(Knots, Coefficients, 0, 1);
        using var x = zeros(2, 1, ScalarType.Float64);
        model.Dispose();
        model.Dispose();

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before + 1, "only the points are left");
        model.Invoking(m => m.ScoreAt([0.0])).Should().Throw<ObjectDisposedException>();
        model.Invoking(m => m.Score(x)).Should().Throw<ObjectDisposedException>().Which.ObjectName.Should().Be(typeof(SplineScoreModel).FullName);
        model.Invoking(m => m.GetCoefficients()).Should().Throw<ObjectDisposedException>();
        model.Invoking(m => m.NamedParameters().ToList()).Should().Throw<ObjectDisposedException>();
    }
}
