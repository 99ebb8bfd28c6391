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

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
