using System.Globalization;
using FiniteDifferenceScoreMatching.Density;
using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.Fitting;

/// <summary>The rules behind the warnings of <see cref="ScoreMatchingFit.Fit"/>.</summary>
internal static class FitWarnings
{
    /// <summary>The smallest rise of the validation loss above its best that counts, in standard errors of the validation loss.</summary>
    public const double RiseThreshold = 1.0;

    /// <summary>
    /// A warning when, between the best epoch and the last, the validation loss rose by more than
    /// <see cref="RiseThreshold"/> standard errors while the training loss fell.
    /// </summary>
    public static FitWarning? ValidationLossRose(RestartReport restart)
    {
        var history = restart.History;
        var best = history.BestCheck;
        var last = history.LastCheck;
        var rise = last.ValidationLoss - best.ValidationLoss;
        var fall = best.TrainingLoss - last.TrainingLoss;
        if (!(fall > 0 && rise > RiseThreshold * restart.ValidationStandardError))
        {
            return null;
        }

        return new FitWarning(
            FitWarningKind.ValidationLossRose,
            string.Create(
                CultureInfo.InvariantCulture,
                $"From epoch {best.Epoch} to epoch {last.Epoch} the validation loss rose from {best.ValidationLoss:G4} to {last.ValidationLoss:G4} while the training loss fell from {best.TrainingLoss:G4} to {last.TrainingLoss:G4}: the network fits the training samples rather than the distribution. The fit stops at epoch {best.Epoch}, but the samples are few for the network: more samples, a smaller network or a stronger curvature penalty would help."));
    }

    /// <summary>
    /// A warning when the densities recovered from two restarts differ by more than <paramref name="threshold"/> in
    /// L1 distance; the pair that differs most is named.
    /// </summary>
    public static FitWarning? RestartsDisagree(IReadOnlyList<RestartReport> restarts, UniformGrid grid, double threshold)
    {
        var (first, second, distance) = (-1, -1, 0.0);
        for (var i = 0; i < restarts.Count; i++)
        {
            for (var j = i + 1; j < restarts.Count; j++)
            {
                if (restarts[i].Pdf is { } left && restarts[j].Pdf is { } right)
                {
                    var l1 = DensityMetrics.L1Distance(grid, left, right);
                    if (l1 > distance)
                    {
                        (first, second, distance) = (i, j, l1);
                    }
                }
            }
        }

        if (!(distance > threshold))
        {
            return null;
        }

        return new FitWarning(
            FitWarningKind.RestartsDisagree,
            string.Create(
                CultureInfo.InvariantCulture,
                $"The densities of restarts {first} and {second} differ by {distance:F3} in L1 distance (validation losses {restarts[first].BestValidationLoss:G4} and {restarts[second].BestValidationLoss:G4}, standard error about {restarts[first].ValidationStandardError:G2}): the fit depends on the initialisation, and the samples do not tell the answers apart well. More samples, or more restarts, would help."));
    }

    /// <summary>A warning that a restart diverged.</summary>
    public static FitWarning RestartDiverged(RestartReport restart) =>
        new(
            FitWarningKind.Diverged,
            string.Create(CultureInfo.InvariantCulture, $"Restart {restart.Index} diverged after {restart.History.EpochsCompleted} epochs and competed with the parameters it had before; a lower learning rate may help."));

    /// <summary>A warning that the retraining on all samples diverged.</summary>
    public static FitWarning RefitDiverged(EnsembleTrainingResult refit) =>
        new(
            FitWarningKind.Diverged,
            string.Create(CultureInfo.InvariantCulture, $"Retraining on all the samples diverged after {refit.EpochsCompleted} epochs; the restarts' own networks were kept. A lower learning rate may help."));

    /// <summary>A warning about one empty gap between two groups of samples.</summary>
    public static FitWarning EmptyGap(EmptyGap gap) =>
        new(
            FitWarningKind.EmptyGap,
            string.Create(
                CultureInfo.InvariantCulture,
                $"No sample lies between {gap.Lower:G4} and {gap.Upper:G4}, a gap of {gap.Width:G3} ({gap.Width / gap.Bandwidth:F1} kernel bandwidths of {gap.Bandwidth:G3}), with {gap.SamplesBelow} samples below and {gap.SamplesAbove} above. The score cannot see how much mass lies on either side of an empty region, so the weights of the two groups in the recovered pdf are uncertain."));
}
