using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;
using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional.Fitting;

public class FitWarningsTests
{
    [Fact]
    public void ValidationLossRose_RoseByMoreThanAStandardErrorWhileTrainingFell_Warns()
    {
        var restart = Restart(bestEpoch: 1, standardError: 0.05, (0, -0.30, -0.25), (1, -0.40, -0.35), (2, -0.45, -0.32), (3, -0.50, -0.28));

        var warning = FitWarnings.ValidationLossRose(restart);

        warning.Should().NotBeNull();
        warning!.Kind.Should().Be(FitWarningKind.ValidationLossRose);
        warning.Message.Should().Contain("epoch 1").And.Contain("epoch 3").And.Contain("-0.35").And.Contain("-0.28");
    }

    [Fact]
    public void ValidationLossRose_RiseWithinOneStandardError_IsSilent()
    {
        var restart = Restart(bestEpoch: 1, standardError: 0.05, (0, -0.30, -0.25), (1, -0.40, -0.35), (2, -0.45, -0.32), (3, -0.50, -0.31));

        FitWarnings.ValidationLossRose(restart).Should().BeNull();
    }

    [Fact]
    public void ValidationLossRose_TrainingLossRoseToo_IsSilent()
    {
        var restart = Restart(bestEpoch: 1, standardError: 0.01, (0, -0.30, -0.25), (1, -0.40, -0.35), (2, -0.38, -0.30));

        FitWarnings.ValidationLossRose(restart).Should().BeNull();
    }

    [Fact]
    public void ValidationLossRose_BestAtTheLastEpoch_IsSilent()
    {
        var restart = Restart(bestEpoch: 2, standardError: 0.01, (0, -0.30, -0.25), (1, -0.40, -0.35), (2, -0.45, -0.36));

        FitWarnings.ValidationLossRose(restart).Should().BeNull();
    }

    [Fact]
    public void DepartsFromSamples_SamplesOfAnotherDistribution_WarnsWhere()
    {
        // N(0, 1) against samples of N(0.5, 1): the distribution functions differ by about 0.19 near 0.
        var samples = new GaussianMixture([0.5], [1.0], [1.0]).Sample(new Random(1), 1000).Order().ToArray();

        var warning = FitWarnings.DepartsFromSamples(samples, StandardNormal);

        warning.Should().NotBeNull();
        warning!.Kind.Should().Be(FitWarningKind.DepartsFromSamples);
        warning.Message.Should().Contain("0.052").And.Contain("x = 0.");
    }

    [Fact]
    public void DepartsFromSamples_SamplesOfTheDensity_IsSilent()
    {
        var samples = new GaussianMixture([0.0], [1.0], [1.0]).Sample(new Random(2), 1000).Order().ToArray();

        FitWarnings.DepartsFromSamples(samples, StandardNormal).Should().BeNull();
    }

    [Fact]
    public void DepartsFromSamples_RoundedSamplesOfTheDensity_IsSilent()
    {
        // Rounded to halves, the samples' distribution function jumps by about 0.2 at each value; compared midway
        // between values, where it is exact, it still agrees with the density's.
        var samples = new GaussianMixture([0.0], [1.0], [1.0]).Sample(new Random(3), 1000).Select(x => Math.Round(x * 2) / 2).Order().ToArray();

        FitWarnings.DepartsFromSamples(samples, StandardNormal).Should().BeNull();
    }

    [Fact]
    public void TailLighterThanSamples_SampleFarBeyondTheTail_WarnsWhichSide()
    {
        var samples = new GaussianMixture([0.0], [1.0], [1.0]).Sample(new Random(4), 500).Append(-7.5).Order().ToArray();

        var warning = FitWarnings.TailLighterThanSamples(samples, StandardNormal);

        warning.Should().NotBeNull();
        warning!.Kind.Should().Be(FitWarningKind.TailLighterThanSamples);
        warning.Message.Should().Contain("smallest sample, -7.5").And.Contain("left tail");
    }

    [Fact]
    public void TailLighterThanSamples_SamplesOfTheDensity_IsSilent()
    {
        var samples = new GaussianMixture([0.0], [1.0], [1.0]).Sample(new Random(5), 10_000).Order().ToArray();

        FitWarnings.TailLighterThanSamples(samples, StandardNormal).Should().BeNull();
    }

    [Theory]
    [InlineData(0.3, true)]
    [InlineData(0.2, false)]
    [InlineData(double.NaN, false)]
    public void Uncertain_WarnsAboveTheLimitOnly(double disagreement, bool warns)
    {
        var warning = FitWarnings.Uncertain(disagreement, 100);

        (warning is not null).Should().Be(warns);
        warning?.Message.Should().Contain("0.300").And.Contain("100 samples");
    }

    [Fact]
    public void RestartsDisagree_PdfsFartherApartThanTheThreshold_WarnsNamingThePair()
    {
        var grid = new UniformGrid(-5, 5, 101);
        var restarts = new[] { WithPdf(0, grid, 0.0), WithPdf(1, grid, 0.05), WithPdf(2, grid, 1.0) };

        var warning = FitWarnings.RestartsDisagree(restarts, grid, threshold: 0.1);

        warning.Should().NotBeNull();
        warning!.Kind.Should().Be(FitWarningKind.RestartsDisagree);
        warning.Message.Should().Contain("restarts 0 and 2");
    }

    [Fact]
    public void RestartsDisagree_PdfsCloseTogether_IsSilent()
    {
        var grid = new UniformGrid(-5, 5, 101);
        var restarts = new[] { WithPdf(0, grid, 0.0), WithPdf(1, grid, 0.02), WithPdf(2, grid, -0.02) };

        FitWarnings.RestartsDisagree(restarts, grid, threshold: 0.1).Should().BeNull();
    }

    [Fact]
    public void RestartsDisagree_OneRestartOrNoPdf_IsSilent()
    {
        var grid = new UniformGrid(-5, 5, 101);
        var withoutPdf = Restart(bestEpoch: 0, standardError: 0.05, index: 1, pdf: null, (0, -0.3, -0.3));

        FitWarnings.RestartsDisagree([WithPdf(0, grid, 0.0)], grid, 0.1).Should().BeNull();
        FitWarnings.RestartsDisagree([WithPdf(0, grid, 0.0), withoutPdf], grid, 0.1).Should().BeNull();
    }

    /// <summary>A restart whose pdf is the standard normal shifted by <paramref name="shift"/>.</summary>
    private static RestartReport WithPdf(int index, UniformGrid grid, double shift) =>
        Restart(bestEpoch: 0, standardError: 0.05, index, grid.Evaluate(x => Math.Exp(-0.5 * (x - shift) * (x - shift)) / Math.Sqrt(2 * Math.PI)), (0, -0.3, -0.3));

    private static RestartReport Restart(int bestEpoch, double standardError, params (int Epoch, double Training, double Validation)[] checks) =>
        Restart(bestEpoch, standardError, 0, null, checks);

    private static RestartReport Restart(int bestEpoch, double standardError, int index, double[]? pdf, params (int Epoch, double Training, double Validation)[] checks)
    {
        var list = checks.Select(c => new ValidationCheck(c.Epoch, c.Training, c.Validation)).ToList();
        var history = new MemberHistory(
            checks.SkipLast(1).Select(c => c.Training).ToList(),
            StopReason.NoImprovement,
            list,
            bestEpoch,
            list.Single(c => c.Epoch == bestEpoch).ValidationLoss,
            restoredBest: true);
        return new RestartReport(index, 1, history, standardError, pdf);
    }

    private static ScoreDensity StandardNormal { get; } = ScoreDensity.FromScore(new UniformGrid(-8, 8, 4001), new UniformGrid(-8, 8, 4001).Evaluate(x => -x));
}
