using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Losses;

public class ScoreLossTests
{
    [Fact]
    public void Compute_NullModel_Throws()
    {
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss([0.0, 1.0]);

        var act = () => loss.Compute(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("model");
    }

    [Fact]
    public void Compute_AfterDispose_ThrowsObjectDisposed()
    {
        using var model = TestModels.Affine(1, 0);
        var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss([0.0, 1.0]);
        loss.Dispose();

        var act = () => loss.Compute(model);

        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Compute_CoreReturnsVector_ThrowsInvalidOperation()
    {
        using var model = TestModels.Affine(1, 0);
        using var loss = new VectorLoss();

        var act = () => loss.Compute(model);

        act.Should().Throw<InvalidOperationException>().WithMessage("*VectorLoss*[3]*");
    }

    [Fact]
    public void Compute_RepeatedCalls_LeaveOnlyTheReturnedTensorsAlive()
    {
        using var model = new MlpScoreModel(1);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(64));
        loss.Compute(model).Dispose();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var i = 0; i < 50; i++)
        {
            using var value = loss.Compute(model);
            value.backward();
        }

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Fact]
    public void Compute_Float32AndFloat64Models_EachGetTheirOwnData()
    {
        double[] samples = [-1, 0.5, 2];
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples, 0.1);
        using var single = TestModels.Affine(-1, 0, ScalarType.Float32);
        using var @double = TestModels.Affine(-1, 0, ScalarType.Float64);

        using var a = loss.Compute(single);
        using var b = loss.Compute(@double);

        a.ToDouble().Should().BeApproximately(b.ToDouble(), 1e-6);
        b.dtype.Should().Be(ScalarType.Float64);
    }

    [Fact]
    public void EmpiricalFiniteDifference_NoSamples_Throws()
    {
        var act = () => new EmpiricalFiniteDifferenceScoreMatchingLoss([]);

        act.Should().Throw<ArgumentException>().WithParameterName("samples");
    }

    [Fact]
    public void EmpiricalFiniteDifference_SingleSampleDefaultDelta_Throws()
    {
        var act = () => new EmpiricalFiniteDifferenceScoreMatchingLoss([1.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("samples").WithMessage("*at least two points*");
    }

    [Fact]
    public void EmpiricalFiniteDifference_SingleSampleExplicitDelta_Works()
    {
        using var model = TestModels.Affine(-1, 0);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss([2.0], delta: 0.01);

        using var value = loss.Compute(model);

        value.ToDouble().Should().BeApproximately((0.5 * 4) - 1, 1e-12);
    }

    [Fact]
    public void EmpiricalFiniteDifference_NaNSample_ThrowsNamingIndex()
    {
        var act = () => new EmpiricalFiniteDifferenceScoreMatchingLoss([0.0, 1.0, double.NaN]);

        act.Should().Throw<ArgumentException>().WithParameterName("samples").WithMessage("*index 2*");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(1e-300)]
    public void EmpiricalFiniteDifference_BadDelta_Throws(double delta)
    {
        var act = () => new EmpiricalFiniteDifferenceScoreMatchingLoss([0.0, 1.0, 5.0], delta);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("delta");
    }

    [Fact]
    public void EmpiricalFiniteDifference_DeltaTooSmallForFloat32Model_ThrowsAtCompute()
    {
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss([0.0, 10.0], delta: 1e-7);
        using var model = new MlpScoreModel(1);

        var act = () => loss.Compute(model);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("delta").WithMessage("*Float32*");
    }

    [Fact]
    public void GridTarget_LengthMismatch_Throws()
    {
        var grid = new UniformGrid(0, 1, 3);

        var act = () => new GridTarget(grid, [1.0, 1.0, 1.0], [0.0, 0.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("score").WithMessage("*3 grid points*2*");
    }

    [Fact]
    public void GridTarget_NegativeDensity_Throws()
    {
        var grid = new UniformGrid(0, 1, 3);

        var act = () => new GridTarget(grid, [1.0, -1e-3, 1.0], [0.0, 0.0, 0.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("density").WithMessage("*index 1*");
    }

    [Fact]
    public void GridTarget_InfiniteScore_Throws()
    {
        var grid = new UniformGrid(0, 1, 3);

        var act = () => new GridTarget(grid, [1.0, 1.0, 1.0], [0.0, double.NegativeInfinity, 0.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("score");
    }

    private sealed class VectorLoss : ScoreLoss
    {
        protected override Tensor ComputeCore(LossContext context) => zeros(3);
    }
}
