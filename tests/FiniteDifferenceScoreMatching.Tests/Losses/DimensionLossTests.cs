using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Losses;

/// <summary>The d-dimensional losses against each other and against the one-dimensional ones.</summary>
public sealed class DimensionLossTests(ITestOutputHelper output)
{
    private static readonly MultivariateGaussianMixture TwoD = MultivariateGaussianMixture.Diagonal(
        [0.4, 0.4, 0.2], [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);

    private static MlpOptions Tanh(int dimension) => new() { Dimension = dimension, HiddenWidths = [16], Activation = Activation.Tanh, DType = ScalarType.Float64 };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Sliced_InOneDimension_IsTheOneDimensionalFiniteDifferenceLoss(long seed)
    {
        var samples = SeedProblem.Samples(128);
        var column = new double[samples.Length, 1];
        for (var n = 0; n < samples.Length; n++)
        {
            column[n, 0] = samples[n];
        }

        using var model = new MlpScoreModel(5, Tanh(1));
        using var sliced = new SlicedFiniteDifferenceScoreMatchingLoss(column, epsilon: 0.05);
        using var oneD = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples, 0.05);
        using var generator = new Generator(unchecked((ulong)seed));
        using var scope = NewDisposeScope();

        var expected = oneD.Compute(model).ToDouble();
        for (var call = 0; call < 3; call++)
        {
            // Each call draws new directions: +ε or −ε per sample, the same loss either way.
            sliced.ComputeEach(new LossContext(model, generator)).ToDouble().Should().BeApproximately(expected, 1e-12);
        }
    }

    [Fact]
    public void Coordinate_ApproachesTheExactLoss_AtTheRateOfEpsilonSquared()
    {
        var samples = TwoD.Sample(new Random(1), 256);
        using var model = new MlpScoreModel(2, Tanh(2));
        using var exact = new ImplicitScoreMatchingLoss(samples);
        using var scope = NewDisposeScope();
        var reference = exact.Compute(model).ToDouble();

        double Error(double epsilon)
        {
            using var loss = new CoordinateFiniteDifferenceScoreMatchingLoss(samples, epsilon);
            return Math.Abs(loss.Compute(model).ToDouble() - reference);
        }

        var (coarse, fine, finest) = (Error(1e-2), Error(1e-3), Error(1e-4));
        output.WriteLine($"exact {reference:R}; errors {coarse:E3} (ε = 1e-2), {fine:E3} (1e-3), {finest:E3} (1e-4); ratio {coarse / fine:F1}");
        (finest / Math.Abs(reference)).Should().BeLessThan(1e-6);
        (coarse / fine).Should().BeApproximately(100, 10);
    }

    [Fact]
    public void Sliced_OverManyDirections_MatchesTheExactLossAndItsGradient()
    {
        var samples = TwoD.Sample(new Random(2), 64);
        using var model = new MlpScoreModel(3, Tanh(2));
        using var exact = new ImplicitScoreMatchingLoss(samples);
        using var sliced = new SlicedFiniteDifferenceScoreMatchingLoss(samples, epsilon: 1e-3, directions: 50);
        var parameters = model.NamedParameters().Select(p => p.Parameter).ToArray();

        (double Value, double[] Gradient) Evaluate(ScoreLoss loss)
        {
            using var scope = NewDisposeScope();
            foreach (var p in parameters)
            {
                p.grad?.zero_();
            }

            var value = loss.Compute(model);
            value.backward();
            return (value.ToDouble(), parameters.SelectMany(p => p.grad!.data<double>().ToArray()).ToArray());
        }

        var reference = Evaluate(exact);
        var runs = Enumerable.Range(0, 40).Select(_ => Evaluate(sliced)).ToList();
        var mean = runs.Average(r => r.Value);
        var standardError = Math.Sqrt(runs.Sum(r => (r.Value - mean) * (r.Value - mean)) / (runs.Count - 1) / runs.Count);
        var gradient = Enumerable.Range(0, reference.Gradient.Length).Select(i => runs.Average(r => r.Gradient[i])).ToArray();
        var cosine = gradient.Zip(reference.Gradient).Sum(p => p.First * p.Second) / Math.Sqrt(gradient.Sum(g => g * g) * reference.Gradient.Sum(g => g * g));

        output.WriteLine($"exact {reference.Value:F5}; sliced mean over 40 × 50 directions {mean:F5} ± {standardError:F5}; gradient cosine {cosine:F5}");
        Math.Abs(mean - reference.Value).Should().BeLessThan(3 * standardError);
        cosine.Should().BeGreaterThan(0.99);
    }

    [Theory]
    [InlineData("sliced")]
    [InlineData("coordinate")]
    [InlineData("exact")]
    [InlineData("denoising")]
    public void Train_LiveTensorCountDoesNotGrowPerEpoch(string name)
    {
        var samples = TwoD.Sample(new Random(4), 128);
        using var model = new MlpScoreModel(1, new MlpOptions { Dimension = 2, HiddenWidths = [8] });
        using var trainer = new Trainer(model);
        using ScoreLoss loss = name switch
        {
            "sliced" => new SlicedFiniteDifferenceScoreMatchingLoss(samples, directions: 2),
            "coordinate" => new CoordinateFiniteDifferenceScoreMatchingLoss(samples),
            "denoising" => new DenoisingScoreMatchingLoss(samples, 0.1),
            _ => new ImplicitScoreMatchingLoss(samples),
        };
        trainer.Train(loss, 5);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.Train(loss, 50);

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before, "an epoch leaves no tensor behind");
    }

    [Fact]
    public void Denoising_OnGaussianData_IsMinimisedByTheScoreOfTheNoisedDensity()
    {
        // Data N(0, 1.5²), noise σ = 0.5: the noised density is N(0, 2.5), whose score is −x / 2.5. For ψ(x) = a x the
        // loss is a parabola in a (the same noise for every a, from the same seed); its vertex estimates the optimum.
        const double Spread = 1.5, Sigma = 0.5;
        var random = new Random(6);
        var samples = new double[200_000, 1];
        for (var n = 0; n < samples.GetLength(0); n++)
        {
            samples[n, 0] = Spread * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        using var model = new ModuleScoreModel(nn.Linear(1, 1, hasBias: false, dtype: ScalarType.Float64));
        var weight = model.NamedParameters().Single().Parameter;

        double LossAt(double slope)
        {
            using (no_grad())
            {
                weight.fill_(slope);
            }

            using var loss = new DenoisingScoreMatchingLoss(samples, Sigma);
            using var generator = new Generator(3);
            using var scope = NewDisposeScope();
            return loss.ComputeEach(new LossContext(model, generator)).ToDouble();
        }

        var (left, middle, right) = (LossAt(-0.2), LossAt(-0.4), LossAt(-0.6));
        var vertex = -0.4 + (0.2 * (left - right) / (2 * (left - (2 * middle) + right)));
        output.WriteLine($"slope minimising the loss {vertex:F4}; the noised density's −1 / (1.5² + 0.5²) = {-1 / ((Spread * Spread) + (Sigma * Sigma)):F4}");
        vertex.Should().BeApproximately(-1 / ((Spread * Spread) + (Sigma * Sigma)), 0.01);
    }

    [Fact]
    public void ScoreAt_RowsOfPoints_GivesTheScoreOfEachRow_AndChecksTheDimension()
    {
        using var model = new MlpScoreModel(7, Tanh(2));
        var points = TwoD.Sample(new Random(8), 5);

        var scores = model.ScoreAt(points);

        using (var scope = NewDisposeScope())
        {
            var flat = new double[10];
            Buffer.BlockCopy(points, 0, flat, 0, 10 * sizeof(double));
            var direct = model.Score(tensor(flat, [5, 2])).detach().data<double>().ToArray();
            scores.Cast<double>().Should().Equal(direct);
        }

        ((Action)(() => model.ScoreAt(new double[3, 3]))).Should().Throw<ArgumentException>().WithMessage("*3 coordinates, but the model takes 2*");
        ((Action)(() => model.ScoreAt([0.5, 1.0]))).Should().Throw<ArgumentException>().WithParameterName("model");
    }

    [Theory]
    [InlineData(ProjectionDistribution.Gaussian, false)]
    [InlineData(ProjectionDistribution.Gaussian, true)]
    [InlineData(ProjectionDistribution.Rademacher, false)]
    [InlineData(ProjectionDistribution.Rademacher, true)]
    [InlineData(ProjectionDistribution.Sphere, false)]
    [InlineData(ProjectionDistribution.Sphere, true)]
    public void SlicedExact_OverManyProjections_IsTheImplicitLoss(ProjectionDistribution directions, bool varianceReduced)
    {
        var samples = TwoD.Sample(new Random(12), 64);
        using var model = new MlpScoreModel(4, Tanh(2));
        using var exact = new ImplicitScoreMatchingLoss(samples);
        using var sliced = new SlicedScoreMatchingLoss(samples, directions, varianceReduced, projections: 50);
        using var scope = NewDisposeScope();

        var reference = exact.Compute(model).ToDouble();
        var values = Enumerable.Range(0, 40).Select(_ => sliced.Compute(model).ToDouble()).ToList();
        var mean = values.Average();
        var standardError = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) / values.Count);

        output.WriteLine($"{directions}, variance reduced {varianceReduced}: {mean:F5} ± {standardError:F5} against the exact {reference:F5}");
        Math.Abs(mean - reference).Should().BeLessThan(3 * standardError);
    }

    [Fact]
    public void Losses_ModelOfAnotherDimension_Throw()
    {
        var samples = TwoD.Sample(new Random(3), 8);
        using var model = new MlpScoreModel(1, Tanh(3));
        using var sliced = new SlicedFiniteDifferenceScoreMatchingLoss(samples);
        using var coordinate = new CoordinateFiniteDifferenceScoreMatchingLoss(samples);
        using var exact = new ImplicitScoreMatchingLoss(samples);
        using var denoising = new DenoisingScoreMatchingLoss(samples, 0.1);

        foreach (var loss in new ScoreLoss[] { sliced, coordinate, exact, denoising })
        {
            ((Action)(() => loss.Compute(model))).Should().Throw<ArgumentException>().WithMessage("*2 coordinates, but the model takes 3*");
        }
    }

    [Fact]
    public void Losses_BadArguments_Throw()
    {
        ((Action)(() => _ = new SlicedFiniteDifferenceScoreMatchingLoss(new double[0, 2]))).Should().Throw<ArgumentException>().WithParameterName("samples");
        ((Action)(() => _ = new SlicedFiniteDifferenceScoreMatchingLoss(new double[,] { { 0, double.NaN } }))).Should().Throw<ArgumentException>().WithParameterName("samples");
        ((Action)(() => _ = new SlicedFiniteDifferenceScoreMatchingLoss(new double[,] { { 0, 1 } }, epsilon: 0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("epsilon");
        ((Action)(() => _ = new SlicedFiniteDifferenceScoreMatchingLoss(new double[,] { { 0, 1 } }, directions: 0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("directions");
        ((Action)(() => _ = new CoordinateFiniteDifferenceScoreMatchingLoss(new double[,] { { 0, 1 } }, double.PositiveInfinity))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("epsilon");
        ((Action)(() => _ = new ImplicitScoreMatchingLoss((double[,])null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => _ = new DenoisingScoreMatchingLoss(new double[,] { { 0, 1 } }, 0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("sigma");
    }
}
