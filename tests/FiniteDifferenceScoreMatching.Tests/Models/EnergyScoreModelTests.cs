using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Tests.ConsumerCode;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Models;

public sealed class EnergyScoreModelTests
{
    private static readonly MlpOptions TwoD = new() { Dimension = 2, HiddenWidths = [16, 16], Activation = Activation.Softplus, DType = ScalarType.Float64 };

    [Fact]
    public void Score_IsMinusTheGradientOfTheEnergy_ByCentralDifferences()
    {
        using var model = new EnergyScoreModel(3, TwoD);
        using var scope = NewDisposeScope();
        var x = randn(6, 2, ScalarType.Float64, generator: new Generator(1));
        const double h = 1e-5;

        var score = model.Score(x);

        for (var i = 0; i < 2; i++)
        {
            var step = zeros(6, 2, ScalarType.Float64);
            step[.., i] = h;
            var difference = (model.Energy(x + step) - model.Energy(x - step)) / (2 * h);
            (score[.., i] + difference).abs().max().ToDouble().Should().BeLessThan(1e-7);
        }
    }

    [Fact]
    public void Score_OfAConsumersQuadraticEnergy_IsMinusXOverTheVariance()
    {
        using var model = new EnergyScoreModel(new QuadraticEnergy(2), dimension: 3);
        using var scope = NewDisposeScope();
        var x = randn(4, 3, ScalarType.Float64, generator: new Generator(2));

        var score = model.Score(x);

        (score + (x / 4)).abs().max().ToDouble().Should().BeLessThan(1e-15);
        model.Energy(x).shape.Should().Equal(4);
    }

    [Fact]
    public void Score_InsideNoGrad_HasNoGraphAndLeavesNoTensorBehind()
    {
        using var model = new EnergyScoreModel(4, TwoD);
        using var x = randn(8, 2, ScalarType.Float64, generator: new Generator(3));
        using (no_grad())
        {
            model.Score(x).Dispose();
        }

        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (no_grad())
        {
            using var score = model.Score(x);
            score.requires_grad.Should().BeFalse();
            x.requires_grad.Should().BeFalse();
        }

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Fact]
    public void Train_WithTheSlicedFiniteDifferenceLoss_LearnsAGaussiansScore()
    {
        // N(0, I) in 2-D: ψ(x) = −x. The loss evaluates the score, itself a backward pass, so training differentiates twice.
        var random = new Random(5);
        var samples = new double[1024, 2];
        for (var n = 0; n < samples.GetLength(0); n++)
        {
            samples[n, 0] = Normal(random);
            samples[n, 1] = Normal(random);
        }

        using var model = new EnergyScoreModel(6, TwoD);
        using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 0.01, Seed = 7 });

        var result = trainer.Train(new SlicedFiniteDifferenceScoreMatchingLoss(samples), 400);

        using var scope = NewDisposeScope();
        var probe = tensor(new double[,] { { 0, 0 }, { 1, 0 }, { 0, -1 }, { 1, 1 } });
        var error = (model.Score(probe) + probe).abs().max().ToDouble();
        result.StopReason.Should().Be(StopReason.Completed);
        error.Should().BeLessThan(0.25, "the learned score is −x within the sampling error of 1,024 points");
    }

    [Fact]
    public void Constructor_ModuleThatIsNotAnEnergy_ThrowsNamingIt()
    {
        using var notScalar = nn.Linear(2, 2);
        using var noParameters = nn.ReLU();

        ((Action)(() => _ = new EnergyScoreModel(notScalar, 2, ownsModule: false))).Should().Throw<ArgumentException>().WithParameterName("energy").WithMessage("*[2, 2]*one number per point*");
        ((Action)(() => _ = new EnergyScoreModel(noParameters, 2, ownsModule: false))).Should().Throw<ArgumentException>().WithParameterName("energy").WithMessage("*no parameters*");
        ((Action)(() => _ = new EnergyScoreModel(notScalar, 0, ownsModule: false))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("dimension");
    }

    [Fact]
    public void Score_AfterDispose_ThrowsObjectDisposed()
    {
        var model = new EnergyScoreModel(8, TwoD);
        model.Dispose();
        using var x = zeros(2, 2, ScalarType.Float64);

        ((Action)(() => model.Score(x))).Should().Throw<ObjectDisposedException>();
        ((Action)(() => model.Energy(x))).Should().Throw<ObjectDisposedException>();
        model.Dispose();
    }

    [Fact]
    public void Constructor_SeedWithoutOptions_IsTheSoftplusNetwork()
    {
        using var plain = new EnergyScoreModel(3);
        using var softplus = new EnergyScoreModel(3, new MlpOptions { Activation = Activation.Softplus });
        using var relu = new EnergyScoreModel(3, new MlpOptions { Activation = Activation.Relu });
        using var x = linspace(-3, 3, 7).unsqueeze(1);

        using var scores = plain.Score(x);
        using var softplusScores = softplus.Score(x);
        using var reluScores = relu.Score(x);

        scores.allclose(softplusScores, rtol: 0, atol: 0).Should().BeTrue();
        scores.allclose(reluScores, rtol: 0, atol: 0).Should().BeFalse();
    }

    [Fact]
    public void Constructor_SeedWithOptionsOutOfRange_ThrowsNamingTheOption()
    {
        var act = () => new EnergyScoreModel(1, TwoD with { HiddenWidths = [] });

        act.Should().Throw<ArgumentException>().WithParameterName("HiddenWidths");
    }

    [Fact]
    public void Constructor_ModuleUnfitForAnEnergy_SaysWhy()
    {
        using var square = nn.Linear(2, 2);
        using var threeInputs = nn.Linear(3, 1);
        using var mixed = new MixedDtypes();

        ((Action)(() => _ = new EnergyScoreModel(null!, 2))).Should().Throw<ArgumentNullException>().WithParameterName("energy");
        ((Action)(() => _ = new EnergyScoreModel(square, 2, ownsModule: false))).Should().Throw<ArgumentException>().WithParameterName("energy")
            .WithMessage("The module maps a batch of shape [2, 2] to shape [2, 2]; an energy is one number per point, [2] or [2, 1].*");
        ((Action)(() => _ = new EnergyScoreModel(threeInputs, 2, ownsModule: false))).Should().Throw<ArgumentException>().WithParameterName("energy")
            .WithMessage("The module cannot take a batch of shape [2, 2]: *");
        ((Action)(() => _ = new EnergyScoreModel(mixed, 2, ownsModule: false))).Should().Throw<ArgumentException>().WithParameterName("energy")
            .WithMessage("The module's parameters must share one dtype and device; the first is Float32 on cpu.*");
    }

    [Fact]
    public void Score_OfPointsThatRequireGradients_IsDifferentiableInThem()
    {
        // E(x) = ½‖x‖², so ψ(x) = −x and ∂(Σ ψ)/∂x = −1 everywhere.
        using var model = new EnergyScoreModel(new QuadraticEnergy(1), dimension: 2);
        using var x = tensor(new[] { 0.5, -1, 2, 3 }, [2, 2]).requires_grad_(true);

        using var score = model.Score(x);
        using var sum = score.sum();
        using var gradient = autograd.grad([sum], [x])[0];

        gradient.data<double>().ToArray().Should().Equal(-1, -1, -1, -1);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A module whose two parameters differ in dtype.</summary>
    private sealed class MixedDtypes : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Parameter _single = new(zeros(2, ScalarType.Float32));
        private readonly TorchSharp.Modules.Parameter _double = new(zeros(2, ScalarType.Float64));

        public MixedDtypes()
            : base(nameof(MixedDtypes))
        {
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => (input * _single).sum(1) + (input.to(ScalarType.Float64) * _double).sum(1);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _single.Dispose();
                _double.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
