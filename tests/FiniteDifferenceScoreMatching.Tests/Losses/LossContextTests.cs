using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Losses;

/// <summary>The context's checks of its batch, its selection of samples, and the shapes of the scores it hands on.</summary>
public sealed class LossContextTests
{
    [Fact]
    public void Constructor_NullModel_Throws()
    {
        var act = () => new LossContext(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("model");
    }

    [Theory]
    [InlineData("matrix")]
    [InlineData("float32")]
    [InlineData("empty")]
    public void Constructor_BatchThatIsNotANonEmptyVectorOfIndices_Throws(string kind)
    {
        using var model = TestModels.Affine(1, 0);
        using var scope = NewDisposeScope();
        var batch = kind switch
        {
            "matrix" => zeros([2, 1], ScalarType.Int64),
            "float32" => zeros([2], ScalarType.Float32),
            _ => zeros([0], ScalarType.Int64),
        };

        var act = () => new LossContext(model, batch: batch);

        act.Should().Throw<ArgumentException>().WithParameterName("batch").WithMessage("The batch must be a non-empty 1-D Int64 tensor*");
    }

    [Fact]
    public void Select_WithABatch_GivesTheRowsAtItsIndices_AndWithoutOne_TheSamplesThemselves()
    {
        using var model = TestModels.Affine(1, 0);
        using var scope = NewDisposeScope();
        var samples = tensor(new double[] { 10, 11, 20, 21, 30, 31 }, [3, 2]);
        var batch = tensor(new long[] { 2, 0 });

        var selected = new LossContext(model, batch: batch).Select(samples);
        var all = new LossContext(model).Select(samples);

        selected.data<double>().ToArray().Should().Equal(30, 31, 10, 11);
        ReferenceEquals(all, samples).Should().BeTrue("the full batch is the samples themselves");
    }

    [Fact]
    public void SelectAndScore_NullTensors_Throw()
    {
        using var model = TestModels.Affine(1, 0);
        var context = new LossContext(model);

        ((Action)(() => context.Select(null!))).Should().Throw<ArgumentNullException>().WithParameterName("samples");
        ((Action)(() => context.Score(null!))).Should().Throw<ArgumentNullException>().WithParameterName("points");
    }

    [Fact]
    public void Score_OneNetwork_GivesItsScoresAsTheOnlyMember()
    {
        using var model = TestModels.Affine(2, 1);
        using var scope = NewDisposeScope();

        var scores = new LossContext(model).Score(tensor(new double[] { 0, 1, 2 }, [3, 1]));

        scores.shape.Should().Equal(1, 3, 1);
        scores.detach().data<double>().ToArray().Should().Equal(1, 3, 5);
    }

    [Theory]
    [InlineData(1, new long[] { 4, 2 }, "*1 member(s)*[4, 1] as [4, 2]*")]
    [InlineData(1, new long[] { 1, 4, 2 }, "*1 member(s)*[4, 1] as [1, 4, 2]*")]
    [InlineData(2, new long[] { 3, 4, 1 }, "*2 member(s)*[4, 1] as [3, 4, 1]*")]
    [InlineData(2, new long[] { 2, 5, 1 }, "*2 member(s)*[4, 1] as [2, 5, 1]*")]
    [InlineData(2, new long[] { 2, 4 }, "*2 member(s)*[4, 1] as [2, 4]*")]
    public void Score_ModelThatGivesScoresOfAnotherShape_Throws(int members, long[] shape, string message)
    {
        using var model = new FixedShapeModel(members, shape);
        using var scope = NewDisposeScope();
        var context = new LossContext(model);

        var act = () => context.Score(zeros([4, 1], ScalarType.Float64));

        act.Should().Throw<InvalidOperationException>().WithMessage(message);
    }

    [Fact]
    public void Score_EnsembleOfTheRightShape_GivesItsScoresUnchanged()
    {
        using var model = new FixedShapeModel(2, [2, 4, 1]);
        using var scope = NewDisposeScope();

        var scores = new LossContext(model).Score(zeros([4, 1], ScalarType.Float64));

        scores.shape.Should().Equal(2, 4, 1);
    }

    /// <summary>A model of K members whose scores are zeros of a fixed shape, whatever the points.</summary>
    private sealed class FixedShapeModel(int members, long[] shape) : IScoreModel
    {
        public ScalarType DType => ScalarType.Float64;

        public Device Device => CPU;

        public int Members => members;

        public Tensor Score(Tensor x) => zeros(shape, ScalarType.Float64);

        public IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => [];

        public void Dispose()
        {
        }
    }
}
