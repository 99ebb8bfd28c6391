using System.Globalization;
using FiniteDifferenceScoreMatching.Density;
using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training;
using Xunit.Abstractions;

namespace FiniteDifferenceScoreMatching.Tests.Density;

/// <summary>Densities recovered from scores trained on 1,024 samples of the original author's 2-D mixture, beside a kernel estimate of the same samples.</summary>
public sealed class TrainedScoreDensityTests(ITestOutputHelper output)
{
    private static readonly MultivariateGaussianMixture Mixture = MultivariateGaussianMixture.Diagonal(
        [0.4, 0.4, 0.2], [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);

    [Fact]
    public void Recover_SlicedFiniteDifferenceScores_SeedsOneToTen_MedianL1AtOrBelowTheKernelEstimates()
    {
        var samples = Mixture.Sample(new Random(1), 1_024);
        var grid = new PlanarGrid(-9, 9, -9, 9, 181, 181);
        double Truth(double x, double y) => Mixture.Density([x, y]);
        var kernel = L1(new GaussianKernelDensity(samples).Density(grid.Points()), grid, Truth);

        var guided = new List<double>();
        for (var seed = 1; seed <= 10; seed++)
        {
            using var model = new MlpScoreModel(seed, new MlpOptions { Dimension = 2, HiddenWidths = [16], Activation = Activation.Tanh });
            using (var trainer = new Trainer(model, new TrainerOptions { LearningRate = 0.003, Seed = seed }))
            {
                trainer.Train(new SlicedFiniteDifferenceScoreMatchingLoss(samples), 2_000);
            }

            var alone = ScoreFieldDensity.Recover(model, grid);
            var withSamples = ScoreFieldDensity.Recover(model, grid, samples);
            guided.Add(withSamples.L1Distance(Truth));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seed,2}: L1 {guided[^1]:F3} guided by the samples (residual {withSamples.ResidualFraction:F3}), {alone.L1Distance(Truth):F3} from the score alone (residual {alone.ResidualFraction:F3})"));
        }

        var median = guided.Order().Skip(4).Take(2).Average();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median L1 {median:F3}; kernel estimate (Scott's rule) {kernel:F3}"));
        median.Should().BeLessThanOrEqualTo(kernel);
    }

    [Fact]
    public void Recover_WithSamples_BadArguments_ThrowNamingThem()
    {
        using var model = new MlpScoreModel(1, new MlpOptions { Dimension = 2 });
        var grid = new PlanarGrid(-1, 1, -1, 1, 5, 5);
        var samples = Mixture.Sample(new Random(2), 10);

        ((Action)(() => ScoreFieldDensity.Recover(model, grid, null!))).Should().Throw<ArgumentNullException>().WithParameterName("samples");
        ((Action)(() => ScoreFieldDensity.Recover(model, grid, new double[10, 3]))).Should().Throw<ArgumentException>().WithParameterName("samples");
        ((Action)(() => ScoreFieldDensity.Recover(model, grid, samples, 0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("supportLevel");
        ((Action)(() => ScoreFieldDensity.Recover(model, grid, samples, 1.5))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("supportLevel");
        ((Action)(() => ScoreFieldDensity.Recover(null!, grid, samples))).Should().Throw<ArgumentNullException>().WithParameterName("model");
    }

    /// <summary>∫ |p − q| over the grid by the trapezoid rule, p given at the nodes in the order of <see cref="PlanarGrid.Points"/>.</summary>
    private static double L1(double[] values, PlanarGrid grid, Func<double, double, double> truth)
    {
        var sum = 0.0;
        for (var i = 0; i < grid.XCount; i++)
        {
            for (var j = 0; j < grid.YCount; j++)
            {
                var weight = (i == 0 || i == grid.XCount - 1 ? 0.5 : 1) * (j == 0 || j == grid.YCount - 1 ? 0.5 : 1);
                sum += weight * Math.Abs(values[(i * grid.YCount) + j] - truth(grid.X(i), grid.Y(j)));
            }
        }

        return sum * grid.XStep * grid.YStep;
    }
}
