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

    [Fact]
    public void ComputeEach_NullContext_Throws()
    {
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss([0.0, 1.0]);

        var act = () => loss.ComputeEach(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("context");
    }

    [Fact]
    public void ComputeEach_BatchOfALossThatIsNotAMeanOverSamples_Throws()
    {
        using var model = TestModels.Affine(1, 0);
        using var loss = new ExplicitScoreMatchingLoss(SeedProblem.Target);
        using var scope = NewDisposeScope();

        var act = () => loss.ComputeEach(new LossContext(model, batch: tensor(new long[] { 0 })));

        act.Should().Throw<ArgumentException>().WithParameterName("context").WithMessage("ExplicitScoreMatchingLoss is not a mean over samples*");
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(3L)]
    public void ComputeEach_BatchIndexOutsideTheSamples_Throws(long index)
    {
        using var model = TestModels.Affine(1, 0);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss([0.0, 1.0, 2.0]);
        using var scope = NewDisposeScope();

        var act = () => loss.ComputeEach(new LossContext(model, batch: tensor(new long[] { 1, index })));

        act.Should().Throw<ArgumentException>().WithParameterName("context").WithMessage("*[0, 3)*");
    }

    [Fact]
    public void ComputeEach_BatchOfTheFirstAndLastSamples_IsTheLossOfThoseSamples()
    {
        using var model = TestModels.Affine(-1, 0);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss([0.0, 1.0, 2.0], delta: 0.01);
        using var pair = new EmpiricalFiniteDifferenceScoreMatchingLoss([0.0, 2.0], delta: 0.01);
        using var scope = NewDisposeScope();

        var value = loss.ComputeEach(new LossContext(model, batch: tensor(new long[] { 0, 2 }))).ToDouble();

        value.Should().BeApproximately(pair.Compute(model).ToDouble(), 1e-12);
    }

    [Fact]
    public void Compute_CoreReturnsNull_ThrowsInvalidOperation()
    {
        using var model = TestModels.Affine(1, 0);
        using var loss = new FixedLoss(() => null!);

        var act = () => loss.Compute(model);

        act.Should().Throw<InvalidOperationException>().WithMessage("FixedLoss.ComputeCore returned null*");
    }

    [Fact]
    public void Compute_CoreReturnsAScalarForOneNetwork_IsTheLoss()
    {
        using var model = TestModels.Affine(1, 0);
        using var loss = new FixedLoss(() => tensor(2.5));
        using var scope = NewDisposeScope();

        var each = loss.ComputeEach(new LossContext(model));

        each.shape.Should().Equal(1);
        each.ToDouble().Should().Be(2.5);
    }

    [Fact]
    public void ComputeEach_CoreReturnsAScalarForAnEnsemble_ThrowsInvalidOperation()
    {
        using var ensemble = new MlpEnsemble([1, 2]);
        using var loss = new FixedLoss(() => tensor(2.5));

        var act = () => loss.ComputeEach(new LossContext(ensemble));

        act.Should().Throw<InvalidOperationException>().WithMessage("*each of the 2 member(s), not a tensor of shape []*");
    }

    [Fact]
    public void Compute_CoreReturnsAMatrix_NamesItsShape()
    {
        using var model = TestModels.Affine(1, 0);
        using var loss = new FixedLoss(() => zeros(2, 3));

        var act = () => loss.Compute(model);

        act.Should().Throw<InvalidOperationException>().WithMessage("*1 member(s), not a tensor of shape [2, 3].");
    }

    [Fact]
    public void Compute_AfterDispose_ThrowsObjectDisposed_EvenForALossThatKeepsNoData()
    {
        using var model = TestModels.Affine(1, 0);
        var loss = new FixedLoss(() => tensor(1.0));
        loss.Dispose();

        var act = () => loss.Compute(model);

        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Column_IsMadeOncePerDType_AndReleasedWhenTheLossIsDisposed()
    {
        using var single = TestModels.Affine(1, 0, ScalarType.Float32);
        using var @double = TestModels.Affine(1, 0, ScalarType.Float64);
        double[] values = [1, 2, 3];
        var loss = new FixedLoss(() => tensor(1.0));

        var first = loss.Column(values, new LossContext(@double));
        var again = loss.Column(values, new LossContext(@double));
        var other = loss.Column(values, new LossContext(single));

        ReferenceEquals(first, again).Should().BeTrue("the column is kept between calls");
        first.shape.Should().Equal(3, 1);
        first.data<double>().ToArray().Should().Equal(1, 2, 3);
        other.dtype.Should().Be(ScalarType.Float32);
        loss.Dispose();
        first.IsInvalid.Should().BeTrue("the loss releases the tensors it kept");
        other.IsInvalid.Should().BeTrue();
        ((Action)(() => loss.Column(values, new LossContext(@double)))).Should().Throw<ObjectDisposedException>();
        ((Action)loss.Dispose).Should().NotThrow("a second disposal does nothing");
    }

    [Fact]
    public void Matrix_IsTheRowsOfTheArray_Kept()
    {
        using var model = TestModels.Affine(1, 0);
        using var loss = new FixedLoss(() => tensor(1.0));
        var values = new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } };

        var matrix = loss.Matrix(values, new LossContext(model));

        matrix.shape.Should().Equal(3, 2);
        matrix.data<double>().ToArray().Should().Equal(1, 2, 3, 4, 5, 6);
        ReferenceEquals(matrix, loss.Matrix(values, new LossContext(model))).Should().BeTrue();
    }

    [Fact]
    public void ColumnAndMatrix_NullArguments_Throw()
    {
        using var model = TestModels.Affine(1, 0);
        using var loss = new FixedLoss(() => tensor(1.0));
        var context = new LossContext(model);

        ((Action)(() => loss.Column(null!, context))).Should().Throw<ArgumentNullException>().WithParameterName("values");
        ((Action)(() => loss.Matrix(null!, context))).Should().Throw<ArgumentNullException>().WithParameterName("values");
        ((Action)(() => loss.Column([1.0], null!))).Should().Throw<ArgumentNullException>().WithParameterName("context");
        ((Action)(() => loss.Matrix(new double[1, 1], null!))).Should().Throw<ArgumentNullException>().WithParameterName("context");
    }

    [Fact]
    public void RandomSource_IsTheContextsGenerator_OrTheLossesOwn()
    {
        using var model = TestModels.Affine(1, 0);
        using var loss = new FixedLoss(() => tensor(1.0));
        using var generator = new Generator(7);

        loss.Source(new LossContext(model, generator)).Should().BeSameAs(generator);
        loss.Source(new LossContext(model)).Should().BeSameAs(loss.Source(new LossContext(model))).And.NotBeSameAs(generator);
        ((Action)(() => loss.Source(null!))).Should().Throw<ArgumentNullException>().WithParameterName("context");
    }

    private sealed class VectorLoss : ScoreLoss
    {
        protected override Tensor ComputeCore(LossContext context) => zeros(3);
    }

    /// <summary>A loss whose core returns what it is given, and that lets the tests reach the loss's random source.</summary>
    private sealed class FixedLoss(Func<Tensor> value) : ScoreLoss
    {
        public Generator Source(LossContext context) => RandomSource(context);

        protected override Tensor ComputeCore(LossContext context) => value();
    }
}
