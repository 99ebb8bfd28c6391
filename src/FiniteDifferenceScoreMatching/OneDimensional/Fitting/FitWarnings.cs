using System.Globalization;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>The rules behind the warnings of <see cref="ScoreMatchingFit.Fit"/>.</summary>
internal static class FitWarnings
{
    /// <summary>The 1 % critical value of √N times the Kolmogorov–Smirnov distance, for large N.</summary>
    public const double KolmogorovSmirnovCritical = 1.63;

    /// <summary>The chance, under the fitted density, that any of the samples reaches the most extreme one, below which its tail is too light.</summary>
    public const double TailProbability = 1e-4;

    /// <summary>The fold disagreement (mean L1 distance between fold fits) above which the density is called uncertain.</summary>
    public const double FoldDisagreementLimit = 0.25;

    /// <summary>The smallest rise of the validation loss above its best that counts, in standard errors of the validation loss.</summary>
    public const double RiseThreshold = 1.0;

    /// <summary>
    /// A warning when, between the best epoch and the last, the validation loss rose by more than
    /// <see cref="RiseThreshold"/> standard errors while the training loss fell.
    /// </summary>
    public static FitWarning? ValidationLossRose(RestartReport restart)
    {
        var history = restart.History;
        if (history.BestCheck is not { } best || history.LastCheck is not { } last)
        {
            return null;
        }

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

    /// <summary>A warning that a restart's loss or update stopped being finite.</summary>
    public static FitWarning RestartNotFinite(RestartReport restart) =>
        new(
            FitWarningKind.NonFinite,
            string.Create(CultureInfo.InvariantCulture, $"Restart {restart.Index}'s loss or update stopped being finite after {restart.History.EpochsCompleted} epochs; it competed with the parameters it had before. A lower learning rate may help."));

    /// <summary>A warning that the retraining on all samples stopped on a loss or update that was not finite.</summary>
    public static FitWarning RefitNotFinite(TrainingResult refit) =>
        new(
            FitWarningKind.NonFinite,
            string.Create(CultureInfo.InvariantCulture, $"Retraining on all the samples stopped after {refit.EpochsCompleted} epochs on a loss or update that was not finite; the restarts' own networks were kept. A lower learning rate may help."));

    /// <summary>A warning about one empty gap between two groups of samples.</summary>
    public static FitWarning EmptyGap(EmptyGap gap) =>
        new(
            FitWarningKind.EmptyGap,
            string.Create(
                CultureInfo.InvariantCulture,
                $"No sample lies between {gap.Lower:G4} and {gap.Upper:G4}, a gap of {gap.Width:G3} ({gap.Width / gap.Bandwidth:F1} kernel bandwidths of {gap.Bandwidth:G3}), with {gap.SamplesBelow} samples below and {gap.SamplesAbove} above. The score cannot see how much mass lies on either side of an empty region, so the weights of the two groups in the recovered pdf are uncertain."));

    /// <summary>The warnings about how a fitted density describes the samples it was fitted to: the Kolmogorov–Smirnov check and the two tails.</summary>
    public static IEnumerable<FitWarning> OfDensity(IReadOnlyList<double> samples, ScoreDensity density)
    {
        var sorted = samples.Order().ToArray();
        if (DepartsFromSamples(sorted, density) is { } departs)
        {
            yield return departs;
        }

        if (TailLighterThanSamples(sorted, density) is { } tail)
        {
            yield return tail;
        }
    }

    /// <summary>
    /// A warning when √N times the largest difference between the fitted distribution function and the empirical one,
    /// taken midway between consecutive distinct samples (where the empirical one is exact whatever the ties), exceeds
    /// <see cref="KolmogorovSmirnovCritical"/>.
    /// </summary>
    public static FitWarning? DepartsFromSamples(double[] sorted, ScoreDensity density)
    {
        var count = sorted.Length;
        var (largest, at) = (0.0, double.NaN);
        for (var i = 1; i < count; i++)
        {
            if (sorted[i] > sorted[i - 1])
            {
                var middle = 0.5 * (sorted[i - 1] + sorted[i]);
                var difference = Math.Abs(density.CumulativeDistribution(middle) - ((double)i / count));
                (largest, at) = difference > largest ? (difference, middle) : (largest, at);
            }
        }

        var critical = KolmogorovSmirnovCritical / Math.Sqrt(count);
        if (!(largest > critical))
        {
            return null;
        }

        return new FitWarning(
            FitWarningKind.DepartsFromSamples,
            string.Create(
                CultureInfo.InvariantCulture,
                $"At x = {at:G4} the fitted distribution function differs from the samples' own by {largest:F3}, more than the 1 % critical value of the Kolmogorov-Smirnov test, 1.63/√N = {critical:F3}: the density misses a feature of these samples there, such as a jump, a narrow spike or a cluster. Compare the density with a histogram of the samples near that point; more samples would let a finer fit through."));
    }

    /// <summary>
    /// A warning when, under the fitted density, the chance that any of the N samples reaches the smallest or the
    /// largest sample, about N · F(min) or N · (1 − F(max)), is below <see cref="TailProbability"/>.
    /// </summary>
    public static FitWarning? TailLighterThanSamples(double[] sorted, ScoreDensity density)
    {
        var count = sorted.Length;
        var below = count * density.CumulativeDistribution(sorted[0]);
        var above = count * (1 - density.CumulativeDistribution(sorted[^1]));
        var isLeft = below < above;
        var chance = Math.Min(below, above);
        if (!(chance < TailProbability))
        {
            return null;
        }

        var (side, which, value) = isLeft ? ("left", "smallest", sorted[0]) : ("right", "largest", sorted[^1]);
        return new FitWarning(
            FitWarningKind.TailLighterThanSamples,
            string.Create(
                CultureInfo.InvariantCulture,
                $"The {which} sample, {value:G6}, lies where the fitted density gives any of the {count} samples a chance of only {chance:G2} to reach: the fitted {side} tail falls faster than the samples', and the density there is underestimated. If that sample is an error, remove it; otherwise more samples in the tail would help, or, for positive data, fitting their logarithm."));
    }

    /// <summary>A warning when the densities fitted to different folds' training sets differ by more than <see cref="FoldDisagreementLimit"/> on average.</summary>
    public static FitWarning? Uncertain(double foldDisagreement, int sampleCount)
    {
        if (!(foldDisagreement > FoldDisagreementLimit))
        {
            return null;
        }

        return new FitWarning(
            FitWarningKind.Uncertain,
            string.Create(
                CultureInfo.InvariantCulture,
                $"Densities fitted to different four fifths of the {sampleCount} samples differ by {foldDisagreement:F3} in L1 distance on average (FitDiagnostics.FoldDisagreement), so the density returned is uncertain by at least as much: the samples are few for the detail they show. Treat its narrow features as tentative; more samples would help."));
    }

    /// <summary>A warning that a network fit was cancelled and returns what it had.</summary>
    public static FitWarning Cancelled(IReadOnlyList<RestartReport> restarts, TrainingResult? refit) =>
        new(
            FitWarningKind.Cancelled,
            string.Create(
                CultureInfo.InvariantCulture,
                $"The fit was cancelled: the restarts stopped after {string.Join(", ", restarts.Select(r => r.History.EpochsCompleted))} epochs with the best parameters they had, and {(refit is null ? "the refit on all samples was skipped" : refit.StopReason == StopReason.Cancelled ? "the refit on all samples was stopped" : "the refit on all samples ran")}. The density is that of networks trained for fewer epochs than early stopping would have chosen; fit again without cancelling for the full result."));
}
