using System.Diagnostics;
using System.Globalization;
using FiniteDifferenceScoreMatching.Density;
using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Models;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Density;

/// <summary>Densities recovered from the exact score field of the original author's 2-D mixture, and from fields that turn.</summary>
public sealed class ScoreFieldDensityTests(ITestOutputHelper output)
{
    private static readonly MultivariateGaussianMixture Mixture = MultivariateGaussianMixture.Diagonal(
        [0.4, 0.4, 0.2], [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);

    /// <summary>[−9, 9]², 181 nodes a side (step 0.1): fine enough for the claims of the tests that use it, and fast.</summary>
    private static readonly PlanarGrid Coarse = new(-9, 9, -9, 9, 181, 181);

    [Fact]
    public void Recover_ExactMixtureScore_MatchesThePdf()
    {
        // Step 0.05: the trapezoid rule's error in log p is of order step², far below the tolerance.
        var grid = new PlanarGrid(-9, 9, -9, 9, 361, 361);
        var scores = Mixture.Score(grid.Points());

        var watch = Stopwatch.StartNew();
        var density = ScoreFieldDensity.Recover(grid, scores);
        watch.Stop();

        var l1 = density.L1Distance(TruePdf);
        var values = density.Values;
        output.WriteLine(Invariant($"361 × 361 nodes on [−9, 9]²: L1 to the true pdf {l1:E2}, residual fraction {density.ResidualFraction:E2}, ∫ p {grid.Integrate(values):R}, {watch.ElapsedMilliseconds} ms"));
        l1.Should().BeLessThan(1e-3);
        density.ResidualFraction.Should().BeLessThan(1e-4);
        grid.Integrate(values).Should().BeApproximately(1, 1e-12);
        density.Potential.Cast<double>().Max().Should().Be(0);
        values.Cast<double>().Should().OnlyContain(v => v >= 0 && double.IsFinite(v));
    }

    [Fact]
    public void Recover_ExactMixtureScore_TwiceAsCoarse_ErrorsGrowAsTheStepSquared()
    {
        var density = ScoreFieldDensity.Recover(Coarse, Mixture.Score(Coarse.Points()));

        var l1 = density.L1Distance(TruePdf);
        output.WriteLine(Invariant($"181 × 181 nodes: L1 {l1:E2}, residual fraction {density.ResidualFraction:E2}"));
        l1.Should().BeLessThan(1e-3);
        density.ResidualFraction.Should().BeInRange(1e-6, 4e-4);
    }

    [Fact]
    public void Recover_LinearField_GivesTheQuadraticPotentialExactly_OnAnUnevenGrid()
    {
        // N(0, diag(4, ¼)): s = (−x / 4, −4y). The trapezoid rule is exact for a linear score, so φ is −x²/8 − 2y² up
        // to round-off, with steps 0.1 and 0.05 in the two directions.
        var grid = new PlanarGrid(-10, 10, -3, 3, 201, 121);
        var points = grid.Points();
        var scores = new double[points.GetLength(0), 2];
        for (var r = 0; r < scores.GetLength(0); r++)
        {
            (scores[r, 0], scores[r, 1]) = (-points[r, 0] / 4, -4 * points[r, 1]);
        }

        var density = ScoreFieldDensity.Recover(grid, scores);

        var potential = density.Potential;
        for (var i = 0; i < grid.XCount; i += 10)
        {
            for (var j = 0; j < grid.YCount; j += 10)
            {
                var (x, y) = (grid.X(i), grid.Y(j));
                potential[i, j].Should().BeApproximately((-x * x / 8) - (2 * y * y), 1e-9, "node ({0}, {1})", i, j);
            }
        }

        density.ResidualFraction.Should().BeLessThan(1e-12);
        density.Curl.Cast<double>().Should().OnlyContain(c => Math.Abs(c) < 1e-9);
        density.Density(0, 0).Should().BeApproximately(1 / (2 * Math.PI), 1e-6);
    }

    [Fact]
    public void Recover_RigidRotationAdded_CurlIsTwiceTheRate_AndTheResidualIsLarge()
    {
        const double c = 0.1;
        var scores = Mixture.Score(Coarse.Points());
        var turned = AddField(scores, Coarse, (x, y) => (-c * y, c * x));

        var plain = ScoreFieldDensity.Recover(Coarse, scores);
        var density = ScoreFieldDensity.Recover(Coarse, turned);

        // The differences are linear, so the curl of the sum is that of the mixture's field plus exactly 2c.
        var (curl, plainCurl) = (density.Curl, plain.Curl);
        for (var i = 0; i < Coarse.XCount; i++)
        {
            for (var j = 0; j < Coarse.YCount; j++)
            {
                (curl[i, j] - plainCurl[i, j]).Should().BeApproximately(2 * c, 1e-9);
            }
        }

        // On a square a rigid rotation is not tangent to the boundary, so part of it is a gradient: the density moves.
        var l1 = density.L1Distance(TruePdf);
        output.WriteLine(Invariant($"s + {c} (−y, x): residual fraction {density.ResidualFraction:F3} (field alone {plain.ResidualFraction:E2}), curl − the field's {2 * c}, L1 to the true pdf {l1:F4}"));
        density.ResidualFraction.Should().BeGreaterThan(0.05);
        l1.Should().BeGreaterThan(1e-3);
    }

    [Fact]
    public void Recover_VortexAdded_KeepsTheDensityOfTheGradientPart()
    {
        // c (−y, x) exp(−r² / 8) has no divergence and, at the grid's edge, no normal component to speak of (below 1e-4 c),
        // so it is orthogonal to every gradient: the potential ignores it and the residual measures it. Its curl is
        // c exp(−r² / 8) (2 − r² / 4), 2c at the centre.
        const double c = 0.5;
        var scores = Mixture.Score(Coarse.Points());
        var turned = AddField(scores, Coarse, (x, y) =>
        {
            var g = Math.Exp(-((x * x) + (y * y)) / 8);
            return (-c * y * g, c * x * g);
        });

        var plain = ScoreFieldDensity.Recover(Coarse, scores);
        var density = ScoreFieldDensity.Recover(Coarse, turned);

        var centre = (Coarse.XCount - 1) / 2;
        var shift = L1Between(plain, density);
        output.WriteLine(Invariant($"s + vortex of rate {c}: residual fraction {density.ResidualFraction:F4}, curl at the centre {density.Curl[centre, centre]:F5}, L1 to the density without it {shift:E2}, to the true pdf {density.L1Distance(TruePdf):E2}"));
        density.ResidualFraction.Should().BeGreaterThan(0.01);
        density.Curl[centre, centre].Should().BeApproximately(2 * c, 2e-3);
        shift.Should().BeLessThan(1e-4);
        density.L1Distance(TruePdf).Should().BeLessThan(1e-3);
    }

    [Fact]
    public void Recover_NoisedMixtureModel_AgreesWithTheManagedField_AndLeavesNoTensor()
    {
        using var model = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(1e-6, 1e-6, 1));
        var grid = new PlanarGrid(-9, 9, -9, 9, 181, 201);
        ScoreFieldDensity.Recover(model, new PlanarGrid(0, 1, 0, 1, 3, 3));
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var fromModel = ScoreFieldDensity.Recover(model, grid);

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before, "every batch runs in a dispose scope");
        var fromField = ScoreFieldDensity.Recover(grid, Mixture.Score(grid.Points()));
        var largest = Largest(fromModel.Values, fromField.Values);
        output.WriteLine(Invariant($"largest difference between the model's and the mixture's densities {largest:E2} (peak {fromField.Values.Cast<double>().Max():F4}); residual fractions {fromModel.ResidualFraction:E3} and {fromField.ResidualFraction:E3}"));
        largest.Should().BeLessThan(1e-9);
        fromModel.ResidualFraction.Should().BeApproximately(fromField.ResidualFraction, 1e-9);
    }

    [Fact]
    public void Recover_Float32Model_ScoresInItsDtype_AndStaysClose()
    {
        using var model = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(1e-6, 1e-6, 1), ScalarType.Float32);

        var density = ScoreFieldDensity.Recover(model, Coarse);

        density.L1Distance(TruePdf).Should().BeLessThan(1e-3);
    }

    [Fact]
    public void Density_AtNodes_IsTheValue_BetweenThemBilinear_OutsideZero()
    {
        var density = ScoreFieldDensity.Recover(Coarse, Mixture.Score(Coarse.Points()));
        var values = density.Values;

        density.Density(Coarse.X(60), Coarse.Y(90)).Should().Be(values[60, 90]);
        density.Density(9, 9).Should().Be(values[180, 180]);
        var (x, y) = (Coarse.X(60) + (0.25 * Coarse.XStep), Coarse.Y(90) + (0.5 * Coarse.YStep));
        var expected = (0.5 * ((0.75 * values[60, 90]) + (0.25 * values[61, 90]))) + (0.5 * ((0.75 * values[60, 91]) + (0.25 * values[61, 91])));
        density.Density(x, y).Should().BeApproximately(expected, 1e-15);
        density.Density(9.01, 0).Should().Be(0);
        density.Density(0, double.NegativeInfinity).Should().Be(0);
    }

    [Fact]
    public void Arrays_AreCopies_ThatCannotChangeTheDensity()
    {
        var density = ScoreFieldDensity.Recover(Coarse, Mixture.Score(Coarse.Points()));
        var before = density.Density(0, 0);

        density.Values[90, 90] = 1e9;
        density.Potential[90, 90] = 1e9;
        density.Curl[90, 90] = 1e9;

        density.Density(0, 0).Should().Be(before);
        density.Values[90, 90].Should().Be(before);
        density.Potential[90, 90].Should().BeLessThanOrEqualTo(0);
        density.Curl[90, 90].Should().BeLessThan(1);
    }

    [Fact]
    public void L1Distance_ToItself_IsZero_ToAUniformDensity_IsPositive()
    {
        var density = ScoreFieldDensity.Recover(Coarse, Mixture.Score(Coarse.Points()));

        density.L1Distance(density.Density).Should().Be(0);
        density.L1Distance((_, _) => 1.0 / (18 * 18)).Should().BeInRange(0.5, 2);
    }

    [Fact]
    public void Recover_ZeroField_IsUniform_WithNoResidual()
    {
        var grid = new PlanarGrid(0, 2, 0, 4, 5, 9);

        var density = ScoreFieldDensity.Recover(grid, new double[45, 2]);

        density.Values.Cast<double>().Should().OnlyContain(v => Math.Abs(v - 0.125) < 1e-15);
        density.ResidualFraction.Should().Be(0);
    }

    [Fact]
    public void Recover_ExtremeButFiniteScores_GiveFiniteResultsOrAClearException()
    {
        var grid = new PlanarGrid(-1, 1, -1, 1, 5, 5);
        var steep = new double[25, 2];
        var alternating = new double[25, 2];
        var tiny = new double[25, 2];
        for (var r = 0; r < 25; r++)
        {
            // The largest double as a slope across a width of 2: a potential that spans 2 · 1.8e308.
            steep[r, 0] = double.MaxValue;

            // ± the largest double from node to node along x: the edge means vanish, the curl does not.
            alternating[r, 1] = (r / 5) % 2 == 0 ? double.MaxValue : -double.MaxValue;
        }

        tiny[3, 0] = 1e-320;

        ((Action)(() => ScoreFieldDensity.Recover(grid, steep))).Should().Throw<ArgumentException>().WithParameterName("scores").WithMessage("*potential spans more than a double*");
        ((Action)(() => ScoreFieldDensity.Recover(grid, alternating))).Should().Throw<ArgumentException>().WithParameterName("scores").WithMessage("*curl*");
        var density = ScoreFieldDensity.Recover(grid, tiny);
        density.Values.Cast<double>().Should().OnlyContain(v => Math.Abs(v - 0.25) < 1e-12);
        density.ResidualFraction.Should().BeInRange(0, 1);
    }

    [Fact]
    public void Recover_BadArguments_ThrowNamingThem()
    {
        var grid = new PlanarGrid(0, 1, 0, 1, 3, 4);
        var scores = new double[12, 2];
        var nan = new double[12, 2];
        nan[5, 1] = double.NaN;

        ((Action)(() => ScoreFieldDensity.Recover(null!, scores))).Should().Throw<ArgumentNullException>().WithParameterName("grid");
        ((Action)(() => ScoreFieldDensity.Recover(grid, null!))).Should().Throw<ArgumentNullException>().WithParameterName("scores");
        ((Action)(() => ScoreFieldDensity.Recover(grid, new double[12, 3]))).Should().Throw<ArgumentException>().WithParameterName("scores").WithMessage("*[12, 2]*[12, 3]*");
        ((Action)(() => ScoreFieldDensity.Recover(grid, new double[11, 2]))).Should().Throw<ArgumentException>().WithParameterName("scores").WithMessage("*3 × 4*");
        ((Action)(() => ScoreFieldDensity.Recover(grid, nan))).Should().Throw<ArgumentException>().WithParameterName("scores").WithMessage("*node (1, 1)*NaN*");
    }

    [Fact]
    public void Recover_BadGridForTheDensity_ThrowsNamingTheGrid()
    {
        // Cells of 1e-200 × 1e-200: a density normalised on them peaks near 1e400, beyond a double.
        var small = new PlanarGrid(0, 2e-200, 0, 2e-200, 3, 3);
        var large = new PlanarGrid(-1e300, 1e300, -1e300, 1e300, 3, 3);

        ((Action)(() => ScoreFieldDensity.Recover(small, new double[9, 2]))).Should().Throw<ArgumentException>().WithParameterName("grid").WithMessage("*beyond double precision*");
        ((Action)(() => ScoreFieldDensity.Recover(large, new double[9, 2]))).Should().Throw<ArgumentException>().WithParameterName("grid").WithMessage("*beyond double precision*");
    }

    [Fact]
    public void RecoverFromModel_BadArguments_ThrowNamingThem()
    {
        var grid = new PlanarGrid(0, 1, 0, 1, 3, 3);
        using var line = new NoisedMixtureScoreModel(MultivariateGaussianMixture.Diagonal([1.0], [[0.0]], [[1.0]]), NoiseSchedule.Geometric(0.1, 0.1, 1));
        using var ensemble = new MlpEnsemble([1, 2], new MlpOptions { Dimension = 2, HiddenWidths = [4] });
        using var float32 = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(0.1, 0.1, 1), ScalarType.Float32);
        using var exact = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(0.1, 0.1, 1));

        ((Action)(() => ScoreFieldDensity.Recover(null!, grid))).Should().Throw<ArgumentNullException>().WithParameterName("model");
        ((Action)(() => ScoreFieldDensity.Recover(exact, null!))).Should().Throw<ArgumentNullException>().WithParameterName("grid");
        ((Action)(() => ScoreFieldDensity.Recover(line, grid))).Should().Throw<ArgumentException>().WithParameterName("model").WithMessage("*takes 1*");
        ((Action)(() => ScoreFieldDensity.Recover(ensemble, grid))).Should().Throw<ArgumentException>().WithParameterName("model").WithMessage("*2 members*");
        ((Action)(() => ScoreFieldDensity.Recover(float32, new PlanarGrid(0, 1e39, 0, 1, 3, 3)))).Should().Throw<ArgumentException>().WithParameterName("grid").WithMessage("*Float32*");
    }

    [Fact]
    public void RecoverFromModel_ModelMisbehaves_ThrowsInvalidOperation_AndLeavesNoTensor()
    {
        var grid = new PlanarGrid(0, 1, 0, 1, 3, 3);
        using var transposing = new FieldModel(x => x.t());
        using var infinite = new FieldModel(x => x / 0.0);
        ScoreFieldDensity.Recover(new FieldModel(x => -x), grid);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        ((Action)(() => ScoreFieldDensity.Recover(transposing, grid))).Should().Throw<InvalidOperationException>().WithMessage("*shape [2, 9]*");
        ((Action)(() => ScoreFieldDensity.Recover(infinite, grid))).Should().Throw<InvalidOperationException>().WithMessage("*node (0, 0)*");

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void RecoverWithSamples_IsTheRecoveryOfTheModelsFieldBlendedWithTheKernelEstimatesScore(double supportLevel)
    {
        using var outward = new FieldModel(x => 0.5 * x);
        var samples = Mixture.Sample(new Random(3), 300);
        var grid = new PlanarGrid(-9, 9, -8, 8, 41, 37);
        var estimate = new GaussianKernelDensity(samples);
        var points = grid.Points();
        var p = estimate.Density(points);
        var tails = estimate.Score(points);
        var level = supportLevel * p.Max();
        var blended = new double[points.GetLength(0), 2];
        for (var r = 0; r < blended.GetLength(0); r++)
        {
            var trust = p[r] / (p[r] + level);
            for (var c = 0; c < 2; c++)
            {
                blended[r, c] = (trust * 0.5 * points[r, c]) + ((1 - trust) * tails[r, c]);
            }
        }

        var guided = ScoreFieldDensity.Recover(outward, grid, samples, supportLevel);

        var expected = ScoreFieldDensity.Recover(grid, blended);
        guided.Grid.Should().BeSameAs(grid);
        Largest(guided.Values, expected.Values).Should().BeLessThan(1e-12);
        Largest(guided.Potential, expected.Potential).Should().BeLessThan(1e-9);
        Largest(guided.Curl, expected.Curl).Should().BeLessThan(1e-9);
        guided.ResidualFraction.Should().BeApproximately(expected.ResidualFraction, 1e-12);
    }

    [Fact]
    public void RecoverWithSamples_FieldWrongBeyondTheSamples_KeepsTheMassWhereTheSamplesAre()
    {
        // The exact score out to the farthest sample and, within one unit beyond it, a push outwards of a fixed size
        // from then on, as a trained network (its outputs bounded, like a tanh layer's) may point where it has seen nothing.
        var samples = Mixture.Sample(new Random(4), 1_000);
        var farthest = Enumerable.Range(0, samples.GetLength(0)).Max(r => Math.Sqrt((samples[r, 0] * samples[r, 0]) + (samples[r, 1] * samples[r, 1])));
        using var exact = new NoisedMixtureScoreModel(Mixture, NoiseSchedule.Geometric(1e-6, 1e-6, 1));
        using var wrongBeyond = new FieldModel(x =>
        {
            var radius = x.norm(1, keepdim: true).clamp_min(1);
            var beyond = (radius - farthest).clamp(0, 1);
            return ((1 - beyond) * exact.Score(x)) + (beyond * 3 * x / radius);
        });
        var grid = new PlanarGrid(-9, 9, -9, 9, 91, 91);

        var alone = ScoreFieldDensity.Recover(wrongBeyond, grid);
        var guided = ScoreFieldDensity.Recover(wrongBeyond, grid, samples);
        var trusting = ScoreFieldDensity.Recover(wrongBeyond, grid, samples, supportLevel: 1e-12);

        var (aloneL1, guidedL1, trustingL1) = (alone.L1Distance(TruePdf), guided.L1Distance(TruePdf), trusting.L1Distance(TruePdf));
        output.WriteLine(Invariant($"farthest sample at radius {farthest:F2}; L1 to the truth: field alone {aloneL1:F3}, guided (level 0.01) {guidedL1:F3}, guided (level 1e-12) {trustingL1:F3}; corner density alone {alone.Density(9, 9):E2}, guided {guided.Density(9, 9):E2}"));
        alone.Density(9, 9).Should().BeGreaterThan(alone.Density(3, 3), "exp of a potential that grows outwards peaks at the grid's corners");
        guided.Density(9, 9).Should().BeLessThan(1e-5 * guided.Density(3, 3), "beyond the samples the estimate's Gaussian tails take over");
        aloneL1.Should().BeGreaterThan(0.5);
        guidedL1.Should().BeLessThan(0.2);
        trustingL1.Should().BeGreaterThan(2 * guidedL1, "a tiny support level trusts the model almost everywhere");
    }

    private static double Largest(double[,] a, double[,] b) => a.Cast<double>().Zip(b.Cast<double>(), (u, v) => Math.Abs(u - v)).Max();

    private static double TruePdf(double x, double y) => Mixture.Density([x, y]);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static double[,] AddField(double[,] scores, PlanarGrid grid, Func<double, double, (double X, double Y)> field)
    {
        var points = grid.Points();
        var result = (double[,])scores.Clone();
        for (var r = 0; r < points.GetLength(0); r++)
        {
            var (fx, fy) = field(points[r, 0], points[r, 1]);
            result[r, 0] += fx;
            result[r, 1] += fy;
        }

        return result;
    }

    private static double L1Between(PlanarDensity p, PlanarDensity q)
    {
        var (a, b) = (p.Values, q.Values);
        var difference = new double[a.GetLength(0), a.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                difference[i, j] = Math.Abs(a[i, j] - b[i, j]);
            }
        }

        return p.Grid.Integrate(difference);
    }

    /// <summary>A parameterless model of 2 coordinates whose score is any function of its input, right or wrong.</summary>
    private sealed class FieldModel(Func<Tensor, Tensor> score) : IScoreModel
    {
        public ScalarType DType => ScalarType.Float64;

        public Device Device => CPU;

        public int Dimension => 2;

        public Tensor Score(Tensor x) => score(x);

        public IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> NamedParameters() => [];

        public void Dispose()
        {
        }
    }
}
