using System.Diagnostics;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>
/// Fits a score model to samples alone, with the safeguards that make a good fit the default and a bad one visible:
/// a validation split, early stopping, restarts, and warnings.
/// </summary>
public static class ScoreMatchingFit
{
    /// <summary>
    /// Fits a score network to <paramref name="samples"/> by finite-difference score matching and recovers the
    /// density on a grid.
    /// </summary>
    /// <param name="samples">The samples: at least two distinct values, all finite.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults of <see cref="FitOptions"/>.</param>
    /// <param name="cancellationToken">
    /// Signalled before the fit begins, the fit throws <see cref="OperationCanceledException"/>. Signalled during a
    /// <see cref="FitMethod.Spline"/> fit, it throws the same between penalties. Signalled during a
    /// <see cref="FitMethod.Network"/> fit, it ends the fit early: every restart stops with the best parameters it has;
    /// a refit not yet begun is skipped, and one under way stops (<see cref="FitDiagnostics.Refit"/> then says so) and
    /// the restarts' own networks are returned; the diagnostics then carry a <see cref="FitWarningKind.Cancelled"/> warning.
    /// </param>
    /// <returns>The fitted model, which the caller disposes with the result, the recovered pdf, and the diagnostics.</returns>
    /// <remarks>
    /// <para>
    /// With <see cref="FitOptions.Standardize"/> (the default) the networks work on standardised samples
    /// z = (x − c) / s and the model returned is a <see cref="StandardizedScoreModel"/> that gives the score in the
    /// samples' units; the grid, the pdf, δ and the warnings are in those units too.
    /// </para>
    /// <para>
    /// The samples are split at random into a training and a validation part
    /// (<see cref="FitOptions.ValidationFraction"/>). Each of <see cref="FitOptions.Restarts"/> networks, initialised
    /// from its own seed, is trained with Adam on the training part (all of them at once, as the members of an
    /// <see cref="MlpEnsemble"/>, so that a restart costs far less than a fit of its own), with the curvature penalty of
    /// <see cref="FitOptions.CurvaturePenalty"/>, while the plain finite-difference loss on the validation part is
    /// watched as <see cref="FitOptions.EarlyStopping"/> says; each restart ends with the parameters of its lowest
    /// validation loss. With <see cref="FitOptions.Combination"/> = <see cref="RestartCombination.Average"/> (the
    /// default) the model is the mean of all the restarts' scores; with <see cref="RestartCombination.Best"/>, the
    /// restart with the lowest validation loss alone. With <see cref="FitOptions.RefitOnAllSamples"/> (the default),
    /// the initialisations that make up the model are then trained again, together, on all the samples, each for its
    /// own best epoch count, and those networks are returned; otherwise the restarts' own networks are.
    /// </para>
    /// <para>
    /// The diagnostics keep every restart's training and validation curves, and warn when the best restart's
    /// validation loss rose while its training loss fell, when the restarts' densities disagree, when the samples
    /// leave an empty gap between two groups, and when a loss or update stopped being finite. docs/fit-quality.md explains the defaults and shows what they achieve.
    /// </para>
    /// <para>
    /// Every random choice derives from <see cref="FitOptions.Seed"/>: the same samples and options give the same
    /// result, bit for bit. TorchSharp's global generator is not used.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">Fewer than two samples, a sample that is not finite, all samples equal, or an option out of range.</exception>
    /// <exception cref="InvalidOperationException">No restart reached a finite validation loss, or the fitted score cannot be integrated on the grid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was signalled before the fit began, or during a spline fit.</exception>
    public static FitResult Fit(IReadOnlyList<double> samples, FitOptions? options = null, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        ThrowIfBadSamples(samples);
        options ??= new FitOptions();
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        if (options.Method == FitMethod.Spline)
        {
            return FitSpline(samples, options, watch, cancellationToken);
        }

        options = options with { CurvaturePenalty = options.CurvaturePenaltyFor(samples.Count) };
        using var gate = TorchGate.Enter();

        var delta = options.Delta ?? FiniteDifferenceDerivative.DefaultDelta(samples, nameof(samples));
        var grid = options.Grid ?? DefaultGrid(samples);

        // The networks train on z = (x − c) / s, with δ in z's units; scores and pdfs are reported in x's.
        var standardization = options.Standardize ? Standardization.Of(samples) : Standardization.Identity;
        var standardized = standardization.Apply(samples);
        var standardizedDelta = delta / standardization.Scale;
        var split = SampleSplit.Create(standardized, options.ValidationFraction, SeedSequence.Random(options.Seed, -1));
        var trainerOptions = new TrainerOptions
        {
            LearningRate = options.LearningRate,
            OptimizerFactory = options.WeightDecay > 0 ? (parameters, rate) => optim.Adam(parameters, rate, weight_decay: options.WeightDecay) : null,
        };

        var reports = new List<RestartReport>();
        IScoreModel? fitted = null;
        MlpEnsemble? restarts = null;
        try
        {
            var seeds = Enumerable.Range(0, options.Restarts).Select(r => SeedSequence.Derive(options.Seed, r)).ToArray();
            restarts = TrainRestarts(seeds, split, standardizedDelta, grid, standardization, options, trainerOptions, reports, cancellationToken);
            var chosenIndex = IndexOfLowest(reports);
            if (!double.IsFinite(reports[chosenIndex].BestValidationLoss))
            {
                throw new InvalidOperationException($"None of the {reports.Count} restarts reached a finite validation loss; try a lower learning rate or another architecture.");
            }

            // The members that make up the model: all the restarts, or the best alone.
            var members = options.Combination == RestartCombination.Average ? Enumerable.Range(0, reports.Count).ToArray() : [chosenIndex];
            TrainingResult? refit = null;
            if (options.RefitOnAllSamples && !cancellationToken.IsCancellationRequested && members.Any(k => reports[k].History.BestEpoch > 0))
            {
                fitted = Refit(standardized, standardizedDelta, options, trainerOptions, members.Select(k => reports[k]).ToArray(), cancellationToken, out refit);
            }

            if (fitted is null && members.Length == 1)
            {
                fitted = restarts.ToModel(members[0]);
            }
            else if (fitted is null)
            {
                // The mean model takes the restarts' ensemble over.
                (fitted, restarts) = (new EnsembleMeanScoreModel(restarts), null);
            }

            fitted = standardization.InUnitsOfX(fitted);

            var score = fitted.ScoreAt(grid.Points);
            ScoreDensity density;
            try
            {
                var gaps = Gaps(samples, options);
                var below = gaps.Count > 0 ? GridDensity.CountBelowNodes(samples, grid.Start, grid.Step, grid.Count) : null;
                density = ScoreDensity.Create(CoordinateMap.Identity, grid.Start, grid.Step, score, gaps, below, samples.Count);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"The fitted score cannot be turned into a pdf on [{grid.Start}, {grid.Stop}]: {e.Message}", e);
            }

            var warnings = Warn(samples, grid, reports, chosenIndex, refit, options);
            warnings.AddRange(FitWarnings.OfDensity(samples, density));
            if (cancellationToken.IsCancellationRequested)
            {
                warnings.Add(FitWarnings.Cancelled(reports, refit));
            }

            var diagnostics = new FitDiagnostics(reports, chosenIndex, options.Combination, refit, warnings, split.Training.Count, split.Validation.Count, delta, options.CurvaturePenalty!.Value, watch.Elapsed)
            {
                Method = FitMethod.Network,
                Regions = density.Regions,
            };
            var result = new FitResult(fitted, density, grid, score, DensityRecovery.FromScore(grid, score), diagnostics);
            fitted = null;
            return result;
        }
        finally
        {
            restarts?.Dispose();
            fitted?.Dispose();
        }
    }

    /// <summary>The spline method: fit, density on the grid, and diagnostics.</summary>
    private static FitResult FitSpline(IReadOnlyList<double> samples, FitOptions options, Stopwatch watch, CancellationToken cancellationToken)
    {
        var grid = options.Grid ?? DefaultGrid(samples);
        var fit = SplineFit.Run(samples, options, cancellationToken);
        try
        {
            var density = fit.Density;
            var score = fit.Model.ScoreAt(grid.Points);
            var pdf = grid.Points.Select(density.Density).ToArray();
            var warnings = options.MixingProportions ? [] : EmptyGap.Find(samples, options.EmptyGapWidth).Select(FitWarnings.EmptyGap).ToList();
            warnings.AddRange(FitWarnings.OfDensity(samples, density));
            if (FitWarnings.Uncertain(fit.FoldDisagreement, samples.Count) is { } uncertain)
            {
                warnings.Add(uncertain);
            }

            var diagnostics = new FitDiagnostics([], -1, options.Combination, null, warnings, samples.Count, 0, fit.Delta, 0, watch.Elapsed)
            {
                Method = FitMethod.Spline,
                Smoothing = fit.Candidates,
                ChosenSmoothing = fit.Chosen,
                Regions = density.Regions,
                FittedByRegion = fit.ByRegion,
                FoldDisagreement = fit.FoldDisagreement,
            };
            return new FitResult(fit.Model, density, grid, score, pdf, diagnostics);
        }
        catch
        {
            fit.Model.Dispose();
            throw;
        }
    }

    /// <summary>The empty gaps whose sides get the samples' shares, when <see cref="FitOptions.MixingProportions"/> is on.</summary>
    private static IReadOnlyList<(double Lower, double Upper)> Gaps(IReadOnlyList<double> samples, FitOptions options) =>
        options.MixingProportions ? EmptyGap.Find(samples, options.EmptyGapWidth).Select(g => (g.Lower, g.Upper)).ToArray() : [];

    /// <summary>
    /// Gets the grid that <see cref="Fit"/> recovers the pdf on when <see cref="FitOptions.Grid"/> is not set:
    /// 401 points from min − r/4 to max + r/4, where r = max − min of the samples.
    /// </summary>
    /// <param name="samples">The samples: at least two distinct values, all finite.</param>
    /// <returns>The grid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">Fewer than two samples, a sample that is not finite, or all samples equal.</exception>
    public static UniformGrid DefaultGrid(IReadOnlyList<double> samples)
    {
        ThrowIfBadSamples(samples);
        var min = samples.Min();
        var max = samples.Max();
        var margin = 0.25 * (max - min);
        return new UniformGrid(min - margin, max + margin, 401);
    }

    /// <summary>
    /// Trains every restart on the training part, together, as the members of one ensemble, and leaves each at the
    /// parameters of its best epoch; the caller disposes the ensemble.
    /// </summary>
    private static MlpEnsemble TrainRestarts(
        long[] seeds,
        SampleSplit split,
        double delta,
        UniformGrid grid,
        Standardization standardization,
        FitOptions options,
        TrainerOptions trainerOptions,
        List<RestartReport> reports,
        CancellationToken cancellationToken)
    {
        using var trainingLoss = TrainingLoss(split.Training, delta, options);
        using var validationLoss = new EmpiricalFiniteDifferenceScoreMatchingLoss(split.Validation, delta);
        var ensemble = new MlpEnsemble(seeds, options.Model);
        try
        {
            using var trainer = new Trainer(ensemble, trainerOptions);
            var histories = trainer.Train(trainingLoss, validationLoss, options.EarlyStopping, cancellationToken: cancellationToken).Members;
            for (var r = 0; r < seeds.Length; r++)
            {
                var model = ensemble.ToModel(r);
                using var inUnitsOfX = standardization.InUnitsOfX(model);
                reports.Add(new RestartReport(r, seeds[r], histories[r], StandardError(model, split.Validation, delta), TryRecoverPdf(inUnitsOfX, grid)));
            }

            return ensemble;
        }
        catch
        {
            ensemble.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Trains the initialisations of <paramref name="members"/> again, together, on all the samples, each for its own
    /// best epoch count; returns them as one model, or null when the retraining stopped on a value that was not finite, or was cancelled.
    /// </summary>
    private static IScoreModel? Refit(
        IReadOnlyList<double> samples,
        double delta,
        FitOptions options,
        TrainerOptions trainerOptions,
        RestartReport[] members,
        CancellationToken cancellationToken,
        out TrainingResult? refit)
    {
        var ensemble = new MlpEnsemble(members.Select(m => m.InitializationSeed).ToArray(), options.Model);
        try
        {
            using var loss = TrainingLoss(samples, delta, options);
            using var trainer = new Trainer(ensemble, trainerOptions);
            using var atBestEpoch = new MemberParameters(ensemble);
            var epochs = members.Select(m => m.History.BestEpoch ?? 0).ToArray();
            var losses = epochs.Select(e => new List<double>(Math.Min(e, Trainer.InitialHistoryCapacity))).ToArray();
            var modelLosses = new List<double>();
            var stopReason = StopReason.Completed;
            foreach (var epoch in epochs.Distinct().Order().Where(e => e > 0))
            {
                var run = trainer.Train(loss, epoch - trainer.Epoch, cancellationToken: cancellationToken);
                modelLosses.AddRange(run.Losses);
                for (var k = 0; k < members.Length; k++)
                {
                    var wanted = Math.Max(0, epochs[k] - losses[k].Count);
                    losses[k].AddRange(run.Members[k].Losses.Take(wanted));
                    if (epochs[k] == epoch)
                    {
                        atBestEpoch.Capture(k);
                    }
                }

                if (run.StopReason == StopReason.Cancelled || run.Members.Any(m => m.StopReason == StopReason.NonFinite))
                {
                    stopReason = run.StopReason == StopReason.Cancelled ? StopReason.Cancelled : StopReason.NonFinite;
                    break;
                }
            }

            refit = new TrainingResult(0, modelLosses, stopReason, [], losses.Select(l => new MemberHistory(l, stopReason)).ToArray());
            if (stopReason != StopReason.Completed)
            {
                ensemble.Dispose();
                return null;
            }

            for (var k = 0; k < members.Length; k++)
            {
                atBestEpoch.RestoreInto(k);
            }

            return AsModel(ensemble);
        }
        catch
        {
            ensemble.Dispose();
            throw;
        }
    }

    /// <summary>One member as a network of its own (releasing the ensemble), or the mean of several.</summary>
    private static IScoreModel AsModel(MlpEnsemble ensemble)
    {
        if (ensemble.Members > 1)
        {
            return new EnsembleMeanScoreModel(ensemble);
        }

        using (ensemble)
        {
            return ensemble.ToModel(0);
        }
    }

    private static int IndexOfLowest(List<RestartReport> reports)
    {
        var chosen = 0;
        for (var r = 1; r < reports.Count; r++)
        {
            if (reports[r].BestValidationLoss < reports[chosen].BestValidationLoss)
            {
                chosen = r;
            }
        }

        return chosen;
    }

    /// <summary>The standard error of the empirical finite-difference loss of <paramref name="model"/> over <paramref name="samples"/>.</summary>
    private static double StandardError(IScoreModel model, IReadOnlyList<double> samples, double delta)
    {
        if (samples.Count < 2)
        {
            return double.NaN;
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = TensorFactory.Column(samples, model.DType, model.Device);
        using var estimate = FiniteDifferenceDerivative.Evaluate(model, x, delta);
        var integrand = (0.5 * estimate.Score.square()) + estimate.Derivative;
        return integrand.to(ScalarType.Float64).std().ToDouble() / Math.Sqrt(samples.Count);
    }

    /// <summary>The density recovered from <paramref name="model"/> on <paramref name="grid"/>, or null when its score cannot be integrated there.</summary>
    private static double[]? TryRecoverPdf(IScoreModel model, UniformGrid grid)
    {
        try
        {
            return DensityRecovery.FromScore(grid, model.ScoreAt(grid.Points));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The training objective: the empirical finite-difference loss, with the curvature penalty (none when it is 0).</summary>
    private static CurvaturePenalizedScoreMatchingLoss TrainingLoss(IReadOnlyList<double> samples, double delta, FitOptions options) =>
        new(samples, options.CurvaturePenalty!.Value, delta);

    private static void ThrowIfBadSamples(IReadOnlyList<double> samples)
    {
        Guard.ThrowIfAnyNotFinite(samples, nameof(samples));
        if (samples.Count < 2)
        {
            throw new ArgumentException($"A fit needs at least two samples, but there are {samples.Count}.", nameof(samples));
        }

        var first = samples[0];
        if (samples.All(x => x == first))
        {
            throw new ArgumentException($"All {samples.Count} samples equal {first}; a score cannot be fitted to a single point.", nameof(samples));
        }

        // The default grid reaches half the range beyond the samples; all of it must be finite.
        var (min, max) = (samples.Min(), samples.Max());
        var range = max - min;
        if (!double.IsFinite(min - (0.5 * range)) || !double.IsFinite(max + (0.5 * range)))
        {
            throw new ArgumentException($"The samples span from {min} to {max}, too close to the largest double: they cannot be standardised, nor a grid laid around them. Rescale them.", nameof(samples));
        }
    }

    private static List<FitWarning> Warn(IReadOnlyList<double> samples, UniformGrid grid, List<RestartReport> reports, int chosenIndex, TrainingResult? refit, FitOptions options)
    {
        var warnings = new List<FitWarning>();
        if (FitWarnings.ValidationLossRose(reports[chosenIndex]) is { } rose)
        {
            warnings.Add(rose);
        }

        if (FitWarnings.RestartsDisagree(reports, grid, options.RestartDisagreement) is { } disagree)
        {
            warnings.Add(disagree);
        }

        warnings.AddRange(EmptyGap.Find(samples, options.EmptyGapWidth).Select(FitWarnings.EmptyGap));
        warnings.AddRange(reports.Where(r => r.History.StopReason == StopReason.NonFinite).Select(FitWarnings.RestartNotFinite));
        if (refit is { StopReason: StopReason.NonFinite })
        {
            warnings.Add(FitWarnings.RefitNotFinite(refit));
        }

        return warnings;
    }
}
