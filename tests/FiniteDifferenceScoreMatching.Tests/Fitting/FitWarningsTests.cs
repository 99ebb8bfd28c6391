using FiniteDifferenceScoreMatching.Fitting;

namespace FiniteDifferenceScoreMatching.Tests.Fitting;

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
        var withoutPdf = WithPdf(1, grid, 3.0) with { Pdf = null };

        FitWarnings.RestartsDisagree([WithPdf(0, grid, 0.0)], grid, 0.1).Should().BeNull();
        FitWarnings.RestartsDisagree([WithPdf(0, grid, 0.0), withoutPdf], grid, 0.1).Should().BeNull();
    }

    /// <summary>A restart whose pdf is the standard normal shifted by <paramref name="shift"/>.</summary>
    private static RestartReport WithPdf(int index, UniformGrid grid, double shift) =>
        Restart(bestEpoch: 0, standardError: 0.05, (0, -0.3, -0.3)) with
        {
            Index = index,
            Pdf = grid.Evaluate(x => Math.Exp(-0.5 * (x - shift) * (x - shift)) / Math.Sqrt(2 * Math.PI)),
        };

    private static RestartReport Restart(int bestEpoch, double standardError, params (int Epoch, double Training, double Validation)[] checks)
    {
        var list = checks.Select(c => new ValidationCheck(c.Epoch, c.Training, c.Validation)).ToList();
        var history = new EarlyStoppingResult(
            checks.SkipLast(1).Select(c => c.Training).ToList(),
            list,
            bestEpoch,
            list.Single(c => c.Epoch == bestEpoch).ValidationLoss,
            EarlyStoppingReason.PatienceExhausted,
            RestoredBest: true);
        return new RestartReport(0, 1, history, standardError, Pdf: null);
    }
}
