using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Tests.ConsumerCode;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Models;

/// <summary>
/// What every score model of the library promises: disposing it releases what it owns and makes later calls throw,
/// a second dispose does nothing, and points that are null or of another dtype are refused with a message that names
/// both dtypes.
/// </summary>
public sealed class ScoreModelContractTests
{
    public static TheoryData<string> Models => new()
    {
        nameof(MlpScoreModel),
        nameof(MlpEnsemble),
        nameof(EnsembleMeanScoreModel),
        nameof(EnergyScoreModel),
        $"{nameof(EnergyScoreModel)} of a module",
        nameof(ModuleScoreModel),
        nameof(NoiseConditionalScoreModel),
        nameof(MixtureScoreModel),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Dispose_ReleasesTheParametersAndLaterCallsThrow(string name)
    {
        var model = Create(name);
        var parameters = model.NamedParameters().Select(p => p.Parameter).ToArray();
        using var x = Points(model);

        model.Dispose();
        model.Dispose();

        parameters.Should().NotBeEmpty().And.AllSatisfy(p => p.IsInvalid.Should().BeTrue("the model owned its parameters"));
        ((Action)(() => model.Score(x).Dispose())).Should().Throw<ObjectDisposedException>();
        ((Action)(() => _ = model.NamedParameters().ToList())).Should().Throw<ObjectDisposedException>();
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Score_NullPoints_ThrowsNamingThem(string name)
    {
        using var model = Create(name);

        var act = () => model.Score(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("x");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Score_PointsOfAnotherDtype_ThrowNamingBothDtypes(string name)
    {
        using var model = Create(name);
        var other = model.DType == ScalarType.Float32 ? ScalarType.Float64 : ScalarType.Float32;
        using var points = Points(model);
        using var x = points.to(other);
        var owner = name is nameof(MlpEnsemble) or nameof(EnsembleMeanScoreModel) ? "ensemble" : "model";

        var act = () => model.Score(x);

        act.Should().Throw<ArgumentException>().WithParameterName("x").WithMessage($"The points are {other} on cpu, but the {owner} is {model.DType} on cpu.*");
    }

    [Fact]
    public void Dispose_OfAModelThatDoesNotOwnItsModule_LeavesTheModuleUsable()
    {
        using var energy = new QuadraticEnergy(2);
        var model = new EnergyScoreModel(energy, dimension: 2, ownsModule: false);

        model.Dispose();

        energy.parameters().Should().AllSatisfy(p => p.IsInvalid.Should().BeFalse());
        using var x = ones(3, 2, ScalarType.Float64);
        using var y = energy.call(x);
        y.data<double>().ToArray().Should().Equal(0.25, 0.25, 0.25);
    }

    private static IScoreModel Create(string name)
    {
        var options = new MlpOptions { Dimension = 2, HiddenWidths = [4] };
        return name switch
        {
            nameof(MlpScoreModel) => new MlpScoreModel(1, options),
            nameof(MlpEnsemble) => new MlpEnsemble([1, 2], options),
            nameof(EnsembleMeanScoreModel) => new EnsembleMeanScoreModel(new MlpEnsemble([1, 2], options)),
            nameof(EnergyScoreModel) => new EnergyScoreModel(1, options with { Activation = Activation.Softplus }),
            $"{nameof(EnergyScoreModel)} of a module" => new EnergyScoreModel(new QuadraticEnergy(1), dimension: 2),
            nameof(ModuleScoreModel) => new ModuleScoreModel(nn.Linear(2, 2, dtype: ScalarType.Float64), dimension: 2),
            nameof(NoiseConditionalScoreModel) => new NoiseConditionalScoreModel(1, NoiseSchedule.Geometric(1, 0.1, 3), options),
            nameof(MixtureScoreModel) => MixtureScoreModelTests.TwoGaussians(),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such model."),
        };
    }

    /// <summary>Three points the model takes.</summary>
    private static Tensor Points(IScoreModel model) => linspace(-1, 1, 3 * model.Dimension, model.DType).reshape(3, model.Dimension);
}
