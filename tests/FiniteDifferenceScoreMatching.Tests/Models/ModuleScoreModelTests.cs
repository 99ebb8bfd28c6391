using FiniteDifferenceScoreMatching.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Models;

public class ModuleScoreModelTests
{
    [Fact]
    public void Score_LinearModule_IsAffineMap()
    {
        using var scope = NewDisposeScope();
        using var model = TestModels.Affine(slope: -2, intercept: 0.5);

        var scores = model.Score(tensor(new double[] { -1, 0, 3 }, [3, 1]));

        TestModels.ToArray(scores).Should().Equal(2.5, 0.5, -5.5);
    }

    [Fact]
    public void Ctor_ModuleWithoutParameters_Throws()
    {
        var act = () => new ModuleScoreModel(nn.Identity());

        act.Should().Throw<ArgumentException>().WithParameterName("module").WithMessage("*no parameters*");
    }

    [Fact]
    public void Ctor_MixedDtypes_ThrowsNamingParameters()
    {
        var module = nn.Sequential(("a", nn.Linear(1, 2, dtype: ScalarType.Float32)), ("b", nn.Linear(2, 1, dtype: ScalarType.Float64)));

        var act = () => new ModuleScoreModel(module);

        act.Should().Throw<ArgumentException>().WithMessage("*b.weight*Float64*a.weight*Float32*");
        module.Dispose();
    }

    [Fact]
    public void Ctor_ModuleThatChangesShape_ThrowsNamingShapes()
    {
        using var module = nn.Linear(1, 3);

        var act = () => new ModuleScoreModel(module, ownsModule: false);

        act.Should().Throw<ArgumentException>().WithParameterName("module").WithMessage("*[2, 1]*[2, 3]*");
    }

    [Fact]
    public void Score_ShapeTheModuleCannotTake_ThrowsArgumentWithContext()
    {
        using var model = new ModuleScoreModel(nn.Linear(1, 1));
        using var x = zeros(4, 2);

        var act = () => model.Score(x);

        act.Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("The module could not evaluate points of shape [4, 2]*");
    }

    [Fact]
    public void Dispose_NotOwning_LeavesModuleUsable()
    {
        using var module = nn.Linear(1, 1);
        var model = new ModuleScoreModel(module, ownsModule: false);

        model.Dispose();

        using var y = module.call(zeros(2, 1));
        y.shape.Should().Equal(2, 1);
        var act = () => model.NamedParameters();
        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Constructor_ModuleOfTwoCoordinates_ScoresRowsOfTwo()
    {
        using var scope = NewDisposeScope();
        using var model = new ModuleScoreModel(nn.Linear(2, 2, dtype: ScalarType.Float64), dimension: 2);

        var scores = model.Score(ones(5, 2, ScalarType.Float64));

        model.Dimension.Should().Be(2);
        scores.shape.Should().Equal(5, 2);
    }

    [Fact]
    public void Constructor_DimensionThatTheModuleDoesNotTake_ThrowsNamingIt()
    {
        ((Action)(() => _ = new ModuleScoreModel(nn.Linear(2, 2), dimension: 0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("dimension");
        ((Action)(() => _ = new ModuleScoreModel(nn.Linear(2, 2), dimension: 3))).Should().Throw<ArgumentException>().WithParameterName("module");
    }

    [Fact]
    public void Score_ModuleThatChangesTheShapeOfLargerBatches_ThrowsShowingBothShapesAndKeepsNothing()
    {
        using var model = new ModuleScoreModel(new ShapeChanger(), dimension: 2);
        using var x = zeros(3, 2, ScalarType.Float64);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var act = () => model.Score(x);

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("The module mapped an input of shape [3, 2] to shape [3, 1]; a score model must keep the shape.");
        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before, "the wrong output is disposed");
    }

    [Fact]
    public void Constructor_ModuleThatCannotTakeTheDimension_QuotesTheShapeTried()
    {
        using var linear = nn.Linear(3, 3);

        var act = () => new ModuleScoreModel(linear, ownsModule: false, dimension: 2);

        act.Should().Throw<ArgumentException>().WithParameterName("module").WithMessage("The module cannot score a batch of shape [2, 2]: *");
    }

    [Fact]
    public void Module_AfterDispose_Throws()
    {
        var model = new ModuleScoreModel(nn.Linear(1, 1));
        model.Dispose();

        var act = () => model.Module;

        act.Should().Throw<ObjectDisposedException>();
    }

    /// <summary>A module that keeps the shape of a batch of two points (the adapter's probe) and returns the first coordinate of larger ones.</summary>
    private sealed class ShapeChanger : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Parameter _scale = new(ones(1, ScalarType.Float64));

        public ShapeChanger()
            : base(nameof(ShapeChanger))
        {
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => input.size(0) == 2 ? input * _scale : input.narrow(1, 0, 1);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _scale.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
