using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional;

public class FiniteDifferenceDerivativeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Softplus)]
    public void Evaluate_SmoothMlpFloat64_MatchesAutogradDerivativeToOnePartInAMillion(Activation activation)
    {
        using var model = TestModels.Smooth(seed: 11, activation);
        var points = SeedProblem.Samples(256);
        var (score, exact) = TestModels.ScoreAndDerivative(model, points);
        using var scope = NewDisposeScope();
        var x = tensor(points, [points.Length, 1], ScalarType.Float64);

        using var estimate = FiniteDifferenceDerivative.Evaluate(model, x, delta: 1e-4);

        var divergence = TestModels.ToArray(estimate.Derivative);
        var averaged = TestModels.ToArray(estimate.Score);
        var worst = Enumerable.Range(0, points.Length).Max(i => Math.Abs(divergence[i] - exact[i]) / Math.Abs(exact[i]));
        output.WriteLine($"{activation}: largest relative error of the finite difference against autograd at δ = 1e-4: {worst:E2}");
        worst.Should().BeLessThanOrEqualTo(1e-6);
        // The average's error, δ²/2 · ψ″, is small against the scale of ψ (ψ itself crosses zero, so not pointwise).
        var scale = score.Max(Math.Abs);
        Enumerable.Range(0, points.Length).Max(i => Math.Abs(averaged[i] - score[i])).Should().BeLessThanOrEqualTo(1e-6 * scale);
        estimate.Delta.Should().Be(1e-4);
    }

    [Fact]
    public void Evaluate_AffineModel_IsExactForAnyStep()
    {
        using var model = TestModels.Affine(slope: -1.5, intercept: 2);
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { -3, 0, 4 }, [3, 1]);

        using var estimate = FiniteDifferenceDerivative.Evaluate(model, x, delta: 0.5);

        TestModels.ToArray(estimate.Derivative).Should().AllSatisfy(d => d.Should().BeApproximately(-1.5, 1e-14));
        TestModels.ToArray(estimate.Score).Should().Equal(6.5, 2, -4);
    }

    [Fact]
    public void Evaluate_DoesNotDisposeItsInput()
    {
        using var model = TestModels.Affine(1, 0);
        using var x = ones(3, 1, ScalarType.Float64);

        FiniteDifferenceDerivative.Evaluate(model, x, 0.1).Dispose();

        x.IsInvalid.Should().BeFalse();
        x.sum().ToDouble().Should().Be(3);
    }

    [Fact]
    public void Evaluate_LeavesOnlyTheEstimatesTensorsAlive()
    {
        using var model = TestModels.Affine(1, 0);
        using var x = ones(3, 1, ScalarType.Float64);
        FiniteDifferenceDerivative.Evaluate(model, x, 0.1).Dispose();
        var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        using (var estimate = FiniteDifferenceDerivative.Evaluate(model, x, 0.1))
        {
            TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before + 2);
        }

        TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Evaluate_DeltaNotFinitePositive_Throws(double delta)
    {
        using var model = TestModels.Affine(1, 0);
        using var x = ones(3, 1, ScalarType.Float64);

        var act = () => FiniteDifferenceDerivative.Evaluate(model, x, delta);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("delta");
    }

    [Fact]
    public void Evaluate_DeltaBelowFloat32Resolution_ThrowsNamingDtype()
    {
        using var model = TestModels.Affine(1, 0, ScalarType.Float32);
        using var x = full(3, 1, 10.0f);

        var act = () => FiniteDifferenceDerivative.Evaluate(model, x, 1e-7);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("delta").WithMessage("*Float32*");
    }

    [Theory]
    [InlineData(3e38, 1e38, "too large")] // x + δ beyond float32's largest value
    [InlineData(0.0, 2e38, "too large")] // x + δ fits, 2δ does not
    [InlineData(16777216.0, 1.0, "too small")] // 2²⁴ + 1 rounds to 2²⁴ in float32
    public void ThrowIfDeltaVanishes_Float32_ThrowsSayingWhich(double largestMagnitude, double delta, string which)
    {
        var act = () => FiniteDifferenceDerivative.ThrowIfDeltaVanishes(delta, largestMagnitude, ScalarType.Float32);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("delta").WithMessage($"*{which} for Float32*");
    }

    [Fact]
    public void ThrowIfDeltaVanishes_AtTheEdges_ThrowsOnlyPastThem()
    {
        // x + δ and 2δ exactly the largest double are still numbers; 2⁵³ + 1 rounds to 2⁵³, 2²⁴ + 2 and 2⁵³ − 1 do not.
        FluentActions.Invoking(() => FiniteDifferenceDerivative.ThrowIfDeltaVanishes(double.MaxValue / 2, double.MaxValue / 2, ScalarType.Float64)).Should().NotThrow();
        FluentActions.Invoking(() => FiniteDifferenceDerivative.ThrowIfDeltaVanishes(1, 9007199254740992.0, ScalarType.Float64)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*too small for Float64*");
        FluentActions.Invoking(() => FiniteDifferenceDerivative.ThrowIfDeltaVanishes(2, 16777216.0, ScalarType.Float32)).Should().NotThrow();
        FluentActions.Invoking(() => FiniteDifferenceDerivative.ThrowIfDeltaVanishes(1, 9007199254740990.0, ScalarType.Float64)).Should().NotThrow();
    }

    [Fact]
    public void DefaultDelta_SeedGrid_IsRangeOverTwiceCount()
    {
        FiniteDifferenceDerivative.DefaultDelta(SeedProblem.Grid.Points).Should().BeApproximately(0.05, 1e-15);
    }

    [Fact]
    public void DefaultDelta_SinglePoint_Throws()
    {
        var act = () => FiniteDifferenceDerivative.DefaultDelta([1.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("points").WithMessage("*at least two points*");
    }

    [Fact]
    public void DefaultDelta_AllPointsEqual_Throws()
    {
        var act = () => FiniteDifferenceDerivative.DefaultDelta([2.0, 2.0, 2.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("points").WithMessage("*equal 2*");
    }

    [Fact]
    public void DefaultDelta_NonFinitePoint_Throws()
    {
        var act = () => FiniteDifferenceDerivative.DefaultDelta([0.0, double.PositiveInfinity]);

        act.Should().Throw<ArgumentException>().WithParameterName("points");
    }
}
