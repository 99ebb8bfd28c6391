using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Sampling;
using FiniteDifferenceScoreMatching.Tests.ConsumerCode;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Sampling;

/// <summary>
/// The samplers' updates, reports and cancellation, step by step: the chains of a standard normal's exact score are
/// computed again by hand from the same draws of a generator with the same seed.
/// </summary>
public sealed class LangevinSamplerUpdateTests
{
    private const int Chains = 200;

    /// <summary>N(0, I) in two dimensions: noised by σ, its score is −x / (1 + σ²).</summary>
    internal static readonly MultivariateGaussianMixture StandardNormal = MultivariateGaussianMixture.Diagonal([1.0], [[0.0, 0.0]], [[1.0, 1.0]]);

    [Fact]
    public void Sample_ThreeSteps_AreTheUnadjustedLangevinUpdate()
    {
        using var model = new NoisedMixtureScoreModel(StandardNormal, NoiseSchedule.Geometric(0.5, 0.5, 1));
        const double Step = 0.3;
        var start = Start(21);
        using var generator = new Generator(22);

        var result = LangevinSampler.Sample(model, start, generator, new LangevinOptions { StepSize = Step, Steps = 3 });

        using var draws = new Generator(22);
        var x = Copy(start);
        for (var k = 0; k < 3; k++)
        {
            var z = Normal(draws);
            Update(x, (n, i) => (-x[n, i] / 1.25 * Step) + (z[n, i] * Math.Sqrt(2 * Step)));
        }

        CloseValues.Assert(result.Samples.Cast<double>().ToArray(), x.Cast<double>().ToArray(), 1e-12);
        result.StepsCompleted.Should().Be(3);
        result.Cancelled.Should().BeFalse();
        result.Trajectory.Should().BeEmpty("no record interval was asked for");
    }

    [Fact]
    public void SampleAnnealed_TwoLevels_ScaleTheStepBySigmaSquaredOverTheSmallestSquared()
    {
        using var model = new NoisedMixtureScoreModel(StandardNormal, NoiseSchedule.Geometric(2, 0.5, 2));
        const double Step = 0.01;
        var start = Start(23);
        using var generator = new Generator(24);
        var progress = new RecordingProgress<SamplingReport>();

        var result = LangevinSampler.SampleAnnealed(model, start, generator, new AnnealedLangevinOptions { StepSize = Step, StepsPerLevel = 2, ReportInterval = 1, RecordInterval = 2 }, progress);

        using var draws = new Generator(24);
        var x = Copy(start);
        var afterFirstLevel = x;
        foreach (var sigma in new[] { 2.0, 2.0, 0.5, 0.5 })
        {
            var alpha = Step * sigma * sigma / 0.25;
            var z = Normal(draws);
            Update(x, (n, i) => (-x[n, i] / (1 + (sigma * sigma)) * (alpha / 2)) + (z[n, i] * Math.Sqrt(alpha)));
            if (sigma == 2.0)
            {
                afterFirstLevel = Copy(x);
            }
        }

        CloseValues.Assert(result.Samples.Cast<double>().ToArray(), x.Cast<double>().ToArray(), 1e-12);
        result.StepsCompleted.Should().Be(4);
        progress.Reports.Select(r => (r.Step, r.Steps, r.Sigma)).Should().Equal((1, 4, 2.0), (2, 4, 2.0), (3, 4, 0.5), (4, 4, 0.5));
        result.Trajectory.Should().HaveCount(3, "the start, then every second step");
        result.Trajectory[0].Cast<double>().Should().Equal(start.Cast<double>());
        CloseValues.Assert(result.Trajectory[1].Cast<double>().ToArray(), afterFirstLevel.Cast<double>().ToArray(), 1e-12);
        result.Trajectory[2].Cast<double>().Should().Equal(result.Samples.Cast<double>());
    }

    [Fact]
    public void SampleMetropolisAdjusted_TwoSteps_AcceptByTheMetropolisHastingsRatio()
    {
        // E(x) = ½‖x‖², so ψ(x) = −x; a large step makes the test reject a good share of the proposals.
        using var model = new EnergyScoreModel(new QuadraticEnergy(1), dimension: 2);
        const double Step = 1.2;
        var start = Start(25);
        using var generator = new Generator(26);

        var result = LangevinSampler.SampleMetropolisAdjusted(model, start, generator, new LangevinOptions { StepSize = Step, Steps = 2 });

        using var draws = new Generator(26);
        var x = Copy(start);
        var accepted = 0;
        for (var k = 0; k < 2; k++)
        {
            var z = Normal(draws);
            using var uniform = rand(Chains, ScalarType.Float64, CPU, generator: draws);
            var u = uniform.data<double>().ToArray();
            for (var n = 0; n < Chains; n++)
            {
                double[] point = [x[n, 0], x[n, 1]];
                double[] forward = [.. point.Select(v => v - (Step * v))];
                double[] proposal = [.. forward.Select((v, i) => v + (Math.Sqrt(2 * Step) * z[n, i]))];
                double[] backward = [.. proposal.Select(v => v - (Step * v))];
                var logRatio = (Energy(point) - Energy(proposal))
                    - (SquaredDistance(point, backward) / (4 * Step))
                    + (SquaredDistance(proposal, forward) / (4 * Step));
                if (Math.Log(u[n]) < logRatio)
                {
                    (x[n, 0], x[n, 1]) = (proposal[0], proposal[1]);
                    accepted++;
                }
            }
        }

        accepted.Should().BeInRange(Chains / 10, 2 * Chains * 9 / 10, "the test should see both accepted and rejected proposals");
        CloseValues.Assert(result.Samples.Cast<double>().ToArray(), x.Cast<double>().ToArray(), 1e-12);
        result.AcceptanceRate.Should().Be(accepted / (2.0 * Chains));
    }

    [Fact]
    public void SampleMetropolisAdjusted_ProposalsOfEnergyMinusInfinity_AreRejected()
    {
        // Beyond x₀ = 1 the energy is −∞ with a zero gradient: the ratio of such a proposal is +∞, so only the check
        // that the proposal's energy is finite keeps the chains out.
        using var model = new EnergyScoreModel(new EnergyWithAHole(), dimension: 2);
        using var generator = new Generator(27);

        var result = LangevinSampler.SampleMetropolisAdjusted(model, new double[Chains, 2], generator, new LangevinOptions { StepSize = 0.5, Steps = 20 });

        result.AcceptanceRate.Should().BeInRange(0.1, 0.9);
        Enumerable.Range(0, Chains).Select(n => result.Samples[n, 0]).Should().AllSatisfy(v => v.Should().BeLessThanOrEqualTo(1));
    }

    [Fact]
    public void SampleMetropolisAdjusted_CancelledBeforeTheFirstStep_HasNoAcceptanceRate()
    {
        using var model = new EnergyScoreModel(new QuadraticEnergy(1), dimension: 2);
        using var generator = new Generator(28);

        var result = LangevinSampler.SampleMetropolisAdjusted(model, Start(29), generator, cancellationToken: new CancellationToken(canceled: true));

        result.StepsCompleted.Should().Be(0);
        result.Cancelled.Should().BeTrue();
        result.AcceptanceRate.Should().Be(double.NaN);
    }

    [Fact]
    public void Sample_Progress_ReportsEveryIntervalAndTheLastStep()
    {
        using var model = new NoisedMixtureScoreModel(StandardNormal, NoiseSchedule.Geometric(0.5, 0.5, 1));
        using var generator = new Generator(30);
        var progress = new RecordingProgress<SamplingReport>();

        LangevinSampler.Sample(model, Start(31), generator, new LangevinOptions { Steps = 25, ReportInterval = 10 }, progress);

        progress.Reports.Select(r => r.Step).Should().Equal(10, 20, 25);
        progress.Reports.Should().AllSatisfy(r =>
        {
            r.Steps.Should().Be(25);
            r.Sigma.Should().Be(double.NaN, "plain Langevin dynamics has no noise level");
        });
    }

    [Fact]
    public void Sample_CancelledDuringAReport_StopsBeforeTheNextStep()
    {
        using var model = new NoisedMixtureScoreModel(StandardNormal, NoiseSchedule.Geometric(0.5, 0.5, 1));
        using var generator = new Generator(32);
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress<SamplingReport>(report =>
        {
            if (report.Step == 3)
            {
                cancellation.Cancel();
            }
        });

        var result = LangevinSampler.Sample(model, Start(33), generator, new LangevinOptions { Steps = 50, ReportInterval = 1, RecordInterval = 1 }, progress, cancellation.Token);

        result.StepsCompleted.Should().Be(3);
        result.Cancelled.Should().BeTrue();
        result.Trajectory.Should().HaveCount(4);
        progress.Reports.Should().HaveCount(3);
    }

    [Fact]
    public void Sample_LastStepCompletedAtTheEnd_IsNotCancelled()
    {
        using var model = new NoisedMixtureScoreModel(StandardNormal, NoiseSchedule.Geometric(0.5, 0.5, 1));
        using var generator = new Generator(34);
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress<SamplingReport>(report =>
        {
            if (report.Step == report.Steps)
            {
                cancellation.Cancel();
            }
        });

        var result = LangevinSampler.Sample(model, Start(35), generator, new LangevinOptions { Steps = 4, ReportInterval = 1 }, progress, cancellation.Token);

        result.StepsCompleted.Should().Be(4);
        result.Cancelled.Should().BeFalse("every step ran");
    }

    [Fact]
    public void Samplers_AnEnsemble_AreRefusedNamingTheMembers()
    {
        using var ensemble = new MlpEnsemble([1, 2], new MlpOptions { Dimension = 2, HiddenWidths = [4] });
        using var generator = new Generator(36);

        var act = () => LangevinSampler.Sample(ensemble, Start(37), generator);

        act.Should().Throw<ArgumentException>().WithParameterName("model").WithMessage("*one score model*2 members*");
    }

    [Fact]
    public void Samplers_StartingPointsEmptyOrNotFinite_AreRefusedNamingThem()
    {
        using var model = new NoisedMixtureScoreModel(StandardNormal, NoiseSchedule.Geometric(0.5, 0.5, 1));
        using var energy = new EnergyScoreModel(new QuadraticEnergy(1), dimension: 2);
        using var generator = new Generator(40);
        var notFinite = new double[2, 2];
        notFinite[1, 0] = double.NaN;

        foreach (var start in new[] { new double[0, 2], notFinite, null! })
        {
            ((Action)(() => LangevinSampler.Sample(model, start, generator))).Should().Throw<ArgumentException>().WithParameterName("initial");
            ((Action)(() => LangevinSampler.SampleAnnealed(model, start, generator))).Should().Throw<ArgumentException>().WithParameterName("initial");
            ((Action)(() => LangevinSampler.SampleMetropolisAdjusted(energy, start, generator))).Should().Throw<ArgumentException>().WithParameterName("initial");
        }
    }

    [Fact]
    public void Samplers_NullModel_AreRefusedNamingIt()
    {
        using var generator = new Generator(38);

        ((Action)(() => LangevinSampler.Sample(null!, Start(39), generator))).Should().Throw<ArgumentNullException>().WithParameterName("model");
        ((Action)(() => LangevinSampler.SampleAnnealed(null!, Start(39), generator))).Should().Throw<ArgumentNullException>().WithParameterName("model");
        ((Action)(() => LangevinSampler.SampleMetropolisAdjusted(null!, Start(39), generator))).Should().Throw<ArgumentNullException>().WithParameterName("model");
    }

    private static double Energy(double[] point) => point.Sum(v => v * v) / 2;

    private static double SquaredDistance(double[] a, double[] b) => a.Zip(b, (p, q) => (p - q) * (p - q)).Sum();

    /// <summary>Adds <paramref name="change"/>(n, i) to every element, all computed from the values before the update.</summary>
    private static void Update(double[,] x, Func<int, int, double> change)
    {
        var changes = new double[Chains, 2];
        for (var n = 0; n < Chains; n++)
        {
            for (var i = 0; i < 2; i++)
            {
                changes[n, i] = change(n, i);
            }
        }

        for (var n = 0; n < Chains; n++)
        {
            for (var i = 0; i < 2; i++)
            {
                x[n, i] += changes[n, i];
            }
        }
    }

    /// <summary>The next [Chains, 2] standard normal draws of <paramref name="generator"/>, as the samplers draw them.</summary>
    private static double[,] Normal(Generator generator)
    {
        using var z = randn([Chains, 2], ScalarType.Float64, CPU, generator: generator);
        var flat = z.data<double>().ToArray();
        var result = new double[Chains, 2];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    /// <summary>Starting points uniform on [−3, 3]², one chain per row.</summary>
    private static double[,] Start(int seed) => LangevinSamplerTests.Uniform(new Random(seed), Chains, 3);

    private static double[,] Copy(double[,] points) => (double[,])points.Clone();

    /// <summary>½‖x‖² where x₀ ≤ 1, −∞ beyond.</summary>
    private sealed class EnergyWithAHole : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Parameter _scale = new(tensor(1.0, ScalarType.Float64));

        public EnergyWithAHole()
            : base(nameof(EnergyWithAHole))
        {
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var quadratic = (input / _scale).square().sum(1) / 2;
            return where(input[.., 0] > 1, full_like(quadratic, double.NegativeInfinity), quadratic);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _scale.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
