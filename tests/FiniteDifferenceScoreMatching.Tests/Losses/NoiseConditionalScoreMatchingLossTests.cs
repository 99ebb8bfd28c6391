using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Losses;

/// <summary>Noise-conditional denoising score matching against the noised densities' analytic scores.</summary>
public sealed class NoiseConditionalScoreMatchingLossTests(ITestOutputHelper output)
{
    [Fact]
    public void Loss_OnGaussianData_IsMinimisedByTheScoreOfEveryNoisedDensity()
    {
        // Data N(0, 1.5²): at level σ the noised density is N(0, 1.5² + σ²), whose score is −x / (1.5² + σ²). For
        // ψ(x, σ) = a x / (1.5² + σ²) the loss is a parabola in a (the same draws for every a, from the same seed),
        // with its vertex at a = −1 whatever the levels.
        const double Spread = 1.5;
        var random = new Random(11);
        var samples = new double[200_000, 1];
        for (var n = 0; n < samples.GetLength(0); n++)
        {
            samples[n, 0] = Spread * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        using var model = new ScaledGaussianScore(Spread * Spread, NoiseSchedule.Geometric(3, 0.1, 4));
        using var loss = new NoiseConditionalScoreMatchingLoss(samples);

        double LossAt(double a)
        {
            model.SetScale(a);
            using var generator = new Generator(5);
            using var scope = NewDisposeScope();
            return loss.ComputeEach(new LossContext(model, generator)).ToDouble();
        }

        var (left, middle, right) = (LossAt(-0.8), LossAt(-1.0), LossAt(-1.2));
        var vertex = -1.0 + (0.2 * (left - right) / (2 * (left - (2 * middle) + right)));
        output.WriteLine($"scale minimising the loss {vertex:F4} (the noised densities' scores: −1)");
        vertex.Should().BeApproximately(-1, 0.01);
    }

    [Fact]
    public void Loss_OfTheScoreThatCancelsTheNoise_IsHalfTheMeanSquaredResidual()
    {
        // One level σ and ψ(x, σ) = a x / (v + σ²) with a = −(v + σ²) / σ²: σ ψ(x + σz, σ) + z = −x / σ, so the loss is
        // ½ mean(x²) / σ² whatever noise is drawn.
        const double Variance = 1.0, Sigma = 0.5;
        var samples = new double[,] { { -1.0 }, { 0.5 }, { 2.0 }, { 3.0 } };
        using var model = new ScaledGaussianScore(Variance, NoiseSchedule.Geometric(Sigma, Sigma, 1));
        model.SetScale(-(Variance + (Sigma * Sigma)) / (Sigma * Sigma));
        using var loss = new NoiseConditionalScoreMatchingLoss(samples);
        using var scope = NewDisposeScope();

        var value = loss.Compute(model).ToDouble();

        var meanSquare = (1.0 + 0.25 + 4.0 + 9.0) / 4;
        value.Should().BeApproximately(meanSquare / 2 / (Sigma * Sigma), 1e-12);
    }

    [Fact]
    public void Train_TwoDimensionalMixture_LearnsTheNoisedScoresTheSamplesDetermine()
    {
        var mixture = MultivariateGaussianMixture.Diagonal([0.4, 0.4, 0.2], [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);
        var samples = mixture.Sample(new Random(1), 1024);
        var noise = NoiseSchedule.Geometric(10, 0.1, 8);
        using var model = new NoiseConditionalScoreModel(1, noise, new MlpOptions { Dimension = 2, HiddenWidths = [64, 64], Activation = Activation.Softplus });
        using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 0.003, BatchSize = 256, Seed = 2 });
        using var loss = new NoiseConditionalScoreMatchingLoss(samples);

        var result = trainer.Train(loss, 1000);

        result.StopReason.Should().Be(StopReason.Completed);
        var fresh = mixture.Sample(new Random(2), 4000);
        var divergences = new Dictionary<double, double>();
        foreach (var sigma in noise.Levels)
        {
            // The noised density is the mixture with every covariance grown by σ² I.
            var noised = MultivariateGaussianMixture.Diagonal([0.4, 0.4, 0.2], [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]], Enumerable.Repeat(new[] { 1 + (sigma * sigma), 1 + (sigma * sigma) }, 3).ToArray());
            var points = Noised(fresh, sigma, new Random(3));
            var relative = RelativeFisher(model, points, sigma, noised.Score(points));
            var toOptimum = RelativeFisher(model, points, sigma, KernelScore(samples, points, sigma));
            output.WriteLine($"σ = {sigma:G3}: relative Fisher divergence {relative:F4} to the noised density, {toOptimum:F4} to the noised samples");
            divergences[sigma] = relative;
        }

        // Below σ ≈ 0.5 the 1,024 samples noised at σ (the loss's minimiser) no longer stand for the noised density:
        // the network, smoother than either, is reported there but not held to it.
        divergences.Where(d => d.Key >= 0.5).Should().OnlyContain(d => d.Value < 0.1);
    }

    [Fact]
    public void Compute_ModelThatIsNotNoiseConditional_ThrowsNamingTheContext()
    {
        using var model = new MlpScoreModel(1, new MlpOptions { Dimension = 2 });
        using var loss = new NoiseConditionalScoreMatchingLoss(new double[,] { { 0, 1 }, { 1, 0 } });

        var act = () => loss.Compute(model);

        act.Should().Throw<ArgumentException>().WithParameterName("context").WithMessage("*INoiseConditionalScoreModel*MlpScoreModel*");
    }

    [Fact]
    public void Train_LiveTensorCountDoesNotGrowPerEpoch()
    {
        var samples = new double[64, 2];
        var random = new Random(4);
        for (var n = 0; n < 64; n++)
        {
            (samples[n, 0], samples[n, 1]) = (random.NextDouble(), random.NextDouble());
        }

        using var model = new NoiseConditionalScoreModel(3, NoiseSchedule.Geometric(1, 0.01, 5), new MlpOptions { Dimension = 2, HiddenWidths = [8] });
        using var trainer = new Trainer(model, new TrainerOptions { BatchSize = 16 });
        using var loss = new NoiseConditionalScoreMatchingLoss(samples);
        trainer.Train(loss, 3);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.Train(loss, 50);

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before, "an epoch leaves no tensor behind");
    }

    /// <summary>The score of the samples noised at σ, (1/N) Σ N(xₙ, σ² I): the loss's minimiser at that level.</summary>
    private static double[,] KernelScore(double[,] samples, double[,] points, double sigma)
    {
        var scores = new double[points.GetLength(0), 2];
        var logWeights = new double[samples.GetLength(0)];
        for (var k = 0; k < points.GetLength(0); k++)
        {
            for (var n = 0; n < logWeights.Length; n++)
            {
                var (dx, dy) = (samples[n, 0] - points[k, 0], samples[n, 1] - points[k, 1]);
                logWeights[n] = -((dx * dx) + (dy * dy)) / (2 * sigma * sigma);
            }

            var top = logWeights.Max();
            var (total, sx, sy) = (0.0, 0.0, 0.0);
            for (var n = 0; n < logWeights.Length; n++)
            {
                var w = Math.Exp(logWeights[n] - top);
                (total, sx, sy) = (total + w, sx + (w * (samples[n, 0] - points[k, 0])), sy + (w * (samples[n, 1] - points[k, 1])));
            }

            (scores[k, 0], scores[k, 1]) = (sx / total / (sigma * sigma), sy / total / (sigma * sigma));
        }

        return scores;
    }

    private static double[,] Noised(double[,] points, double sigma, Random random)
    {
        var noised = (double[,])points.Clone();
        for (var n = 0; n < noised.GetLength(0); n++)
        {
            for (var i = 0; i < noised.GetLength(1); i++)
            {
                noised[n, i] += sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            }
        }

        return noised;
    }

    private static double RelativeFisher(NoiseConditionalScoreModel model, double[,] points, double sigma, double[,] truth)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var n = points.GetLength(0);
        var flat = new double[points.Length];
        Buffer.BlockCopy(points, 0, flat, 0, flat.Length * sizeof(double));
        var x = tensor(flat, [n, 2]).to(model.DType);
        var scores = model.Score(x, full(n, sigma, model.DType)).to(ScalarType.Float64).data<double>().ToArray();
        var (difference, reference) = (0.0, 0.0);
        for (var k = 0; k < n; k++)
        {
            for (var i = 0; i < 2; i++)
            {
                difference += Math.Pow(scores[(2 * k) + i] - truth[k, i], 2);
                reference += truth[k, i] * truth[k, i];
            }
        }

        return difference / reference;
    }

    /// <summary>ψ(x, σ) = a x / (v + σ²): the exact noised score of N(0, v) when a = −1.</summary>
    private sealed class ScaledGaussianScore(double variance, NoiseSchedule noise) : INoiseConditionalScoreModel
    {
        private readonly Parameter _scale = new(tensor(-1.0));

        public NoiseSchedule Noise => noise;

        public int Dimension => 1;

        public ScalarType DType => ScalarType.Float64;

        public Device Device => CPU;

        public void SetScale(double a)
        {
            using var noGrad = no_grad();
            _scale.fill_(a);
        }

        public Tensor Score(Tensor x) => Score(x, full(x.size(0), noise.Smallest, ScalarType.Float64));

        public Tensor Score(Tensor x, Tensor sigma) => _scale * x / (variance + sigma.reshape(x.shape).square());

        public IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => [("scale", _scale)];

        public void Dispose() => _scale.Dispose();
    }
}
