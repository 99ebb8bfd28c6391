using FiniteDifferenceScoreMatching.Models;

namespace FiniteDifferenceScoreMatching.Tests.Models;

public class ParameterSnapshotTests
{
    [Fact]
    public void RestoreInto_OtherModelOfSameShape_ReproducesScores()
    {
        using var source = new MlpScoreModel(1);
        using var target = new MlpScoreModel(2);
        double[] points = [-4, -1, 0, 2, 5];

        ParameterSnapshot.Capture(source).RestoreInto(target);

        target.ScoreAt(points).Should().Equal(source.ScoreAt(points));
    }

    [Fact]
    public void Capture_IsACopy_NotALiveView()
    {
        using var model = TestModels.Affine(1, 2);
        var snapshot = ParameterSnapshot.Capture(model);

        using (TorchSharp.torch.no_grad())
        {
            model.NamedParameters().First().Parameter.fill_(9.0);
        }

        snapshot.Flatten().Should().Equal(1, 2);
        snapshot.Names.Should().Equal("weight", "bias");
        snapshot.GetShape(0).Should().Equal(1, 1);
    }

    [Fact]
    public void RestoreInto_OtherArchitecture_ThrowsAndLeavesModelUnchanged()
    {
        using var small = new MlpScoreModel(1);
        using var large = new MlpScoreModel(2, new MlpOptions { HiddenWidths = [16] });
        var before = ParameterSnapshot.Capture(large).Flatten();

        var act = () => ParameterSnapshot.Capture(small).RestoreInto(large);

        act.Should().Throw<ArgumentException>().WithParameterName("model").WithMessage("*[16, 1]*[8, 1]*");
        ParameterSnapshot.Capture(large).Flatten().Should().Equal(before);
    }

    [Fact]
    public void RestoreInto_ModelWithMoreLayers_ThrowsCountingBoth()
    {
        using var shallow = new MlpScoreModel(1);
        using var deep = new MlpScoreModel(2, new MlpOptions { HiddenWidths = [8, 8] });
        var before = ParameterSnapshot.Capture(deep).Flatten();

        var act = () => ParameterSnapshot.Capture(shallow).RestoreInto(deep);

        act.Should().Throw<ArgumentException>().WithParameterName("model").WithMessage("The model has 6 parameters; the snapshot has 4.*");
        ParameterSnapshot.Capture(deep).Flatten().Should().Equal(before);
        ((Action)(() => ParameterSnapshot.Capture(shallow).RestoreInto(null!))).Should().Throw<ArgumentNullException>().WithParameterName("model");
    }

    [Fact]
    public void RestoreInto_Float64Model_ConvertsValues()
    {
        using var source = new MlpScoreModel(4);
        using var target = new MlpScoreModel(5, new MlpOptions { DType = TorchSharp.torch.ScalarType.Float64 });

        ParameterSnapshot.Capture(source).RestoreInto(target);

        ParameterSnapshot.Capture(target).Flatten().Should().Equal(ParameterSnapshot.Capture(source).Flatten());
    }
}
