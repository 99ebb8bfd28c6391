using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace PackageConsumer;

/// <summary>
/// Uses the library from its NuGet package, as an application would. On a Linux host whose libstdc++ predates GCC 13,
/// TorchSharp's native shim loads here only because the package's buildTransitive targets made it loadable.
/// </summary>
public class PackageConsumerTests
{
    // A light L2 penalty: it steadies the fit of the small network rather than shrinking it towards zero.
    private const double Penalty = 3e-3;

    [Fact]
    public void Compute_OwnLoss_IsInnerLossPlusPenalty()
    {
        double[] samples = Mixture().Sample(new Random(7), 256);
        using var model = new MlpScoreModel(seed: 3);
        using var inner = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        using var loss = new PenalisedLoss(inner, weight: 0.5);
        var squaredNorm = ParameterSnapshot.Capture(model).Flatten().Sum(v => v * v);

        using var innerValue = inner.Compute(model);
        using var value = loss.Compute(model);

        // float32 model: the sum of 25 squared parameters is exact to about 1e-6 relative.
        value.ToDouble().Should().BeApproximately(innerValue.ToDouble() + (0.5 * squaredNorm), 1e-4);
    }

    [Fact]
    public void Train_OwnLossOnMixtureSamples_RecoversThePdf()
    {
        var mixture = Mixture();
        double[] samples = mixture.Sample(new Random(12345), 1024);
        using var model = new MlpScoreModel(seed: 1);
        using var trainer = new Trainer(model);
        using var inner = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        using var loss = new PenalisedLoss(inner, Penalty);

        var result = trainer.Train(loss, epochs: 500);

        var grid = new UniformGrid(-10, 10, 200);
        double[] pdf = DensityRecovery.FromScore(grid, model.ScoreAt(grid.Points));
        double l1 = DensityMetrics.L1Distance(grid, pdf, grid.Evaluate(mixture.Density));
        result.Losses.Should().OnlyContain(value => double.IsFinite(value));
        // This run gives 0.062, and nine combinations of sample and model seeds stay within 0.13.
        l1.Should().BeLessThan(0.20, "the pdf recovered from the fitted score is close to the mixture's");
    }

    private static GaussianMixture Mixture() => new([-3.0, 3.0], [1.0, 1.0], [0.1, 0.9]);
}
