using FiniteDifferenceScoreMatching.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Models;

public sealed class MlpEnsembleTests
{
    private static readonly long[] Seeds = [4, 11, 29];

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Softplus)]
    public void Score_EachRow_IsTheScoreOfTheNetworkBuiltFromThatSeed(Activation activation)
    {
        var options = new MlpOptions { HiddenWidths = [6, 5], Activation = activation, DType = ScalarType.Float64 };
        using var ensemble = new MlpEnsemble(Seeds, options);
        using var x = linspace(-4, 4, 41, ScalarType.Float64);

        using var scores = ensemble.Score(x);

        scores.shape.Should().Equal(Seeds.Length, 41);
        for (var k = 0; k < Seeds.Length; k++)
        {
            using var alone = new MlpScoreModel(Seeds[k], options);
            using var expected = alone.Score(x);
            using var row = scores[k];
            (row - expected).abs().max().ToDouble().Should().BeLessThan(1e-14, $"member {k} starts as the network of seed {Seeds[k]}");
        }
    }

    [Fact]
    public void ToModel_CopiesTheMembersCurrentParameters()
    {
        var options = new MlpOptions { DType = ScalarType.Float64 };
        using var ensemble = new MlpEnsemble(Seeds, options);
        using (no_grad())
        {
            foreach (var (_, parameter) in ensemble.NamedParameters())
            {
                parameter.add_(0.25);
            }
        }

        using var x = linspace(-3, 3, 13, ScalarType.Float64).unsqueeze(1);
        using var scores = ensemble.Score(x);
        using var model = ensemble.ToModel(1);
        using var copied = model.Score(x);

        using var row = scores[1];
        (copied - row).abs().max().ToDouble().Should().BeLessThan(1e-14);
        model.Options.Should().Be(options);
    }

    [Fact]
    public void ToModel_SharesNoMemoryWithTheEnsemble()
    {
        using var ensemble = new MlpEnsemble(Seeds);
        using var model = ensemble.ToModel(0);
        using var x = linspace(-1, 1, 5);
        using var before = model.Score(x);

        using (no_grad())
        {
            foreach (var (_, parameter) in ensemble.NamedParameters())
            {
                parameter.zero_();
            }
        }

        using var after = model.Score(x);
        (after - before).abs().max().ToDouble().Should().Be(0);
    }

    [Fact]
    public void NamedParameters_StackTheMembersAlongTheFirstDimension()
    {
        using var ensemble = new MlpEnsemble(Seeds, new MlpOptions { HiddenWidths = [8] });

        var shapes = ensemble.NamedParameters().Select(p => (p.Name, Shape: p.Parameter.shape)).ToList();

        shapes.Select(s => s.Name).Should().Equal("layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias");
        shapes.Select(s => s.Shape).Should().BeEquivalentTo(new[] { new long[] { 3, 1, 8 }, [3, 1, 8], [3, 8, 1], [3, 1, 1] }, o => o.WithStrictOrdering());
        ensemble.Members.Should().Be(3);
        ensemble.Seeds.Should().Equal(Seeds);
    }

    [Fact]
    public void Constructor_NoSeeds_ThrowsNamingThem()
    {
        var act = () => new MlpEnsemble([]);

        act.Should().Throw<ArgumentException>().WithParameterName("seeds").WithMessage("*at least one seed*");
    }

    [Fact]
    public void Constructor_OptionsOutOfRange_ThrowsNamingTheOption()
    {
        var act = () => new MlpEnsemble([1, 2], new MlpOptions { HiddenWidths = [3, 0] });

        act.Should().Throw<ArgumentException>().WithParameterName("HiddenWidths").WithMessage("Hidden layer 1 has width 0*");
    }

    [Fact]
    public void Score_WrongDType_ThrowsNamingTheDTypes()
    {
        using var ensemble = new MlpEnsemble(Seeds);
        using var x = zeros(4, ScalarType.Float64);

        var act = () => ensemble.Score(x);

        act.Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("*Float64*Float32*");
    }

    [Fact]
    public void Score_TwoColumns_ThrowsShowingTheShape()
    {
        using var ensemble = new MlpEnsemble(Seeds);
        using var x = zeros(4, 2);

        var act = () => ensemble.Score(x);

        act.Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("*[4, 2]*");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void ToModel_IndexOutOfRange_Throws(int member)
    {
        using var ensemble = new MlpEnsemble(Seeds);

        var act = () => ensemble.ToModel(member);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("member");
    }

    [Fact]
    public void Dispose_ReleasesTheParametersAndLaterCallsThrow()
    {
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var ensemble = new MlpEnsemble(Seeds);
        ensemble.Dispose();
        ensemble.Dispose();

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
        var act = () => ensemble.ToModel(0);
        act.Should().Throw<ObjectDisposedException>();
    }
}
