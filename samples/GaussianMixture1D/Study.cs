using Samples.Common;
using System.Diagnostics;
using System.Globalization;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;
using FiniteDifferenceScoreMatching.Training;

namespace GaussianMixture1D;

/// <summary>Runs the experiments of the original study, each from the same untrained network, and the library's one-call fit.</summary>
internal sealed class Study(StudyOptions options, StudyData data)
{
    /// <summary>Runs every requested experiment in order.</summary>
    /// <param name="progress">Told of each experiment's epochs: its kind, and the fraction of its epochs done.</param>
    public IReadOnlyList<ExperimentResult> Run(Action<ExperimentKind, double>? progress = null)
    {
        var target = new GridTarget(data.Grid, data.TruePdf, data.TrueScore);
        return options.Experiments.Select(kind => RunOne(kind, target, progress)).ToList();
    }

    private ExperimentResult RunOne(ExperimentKind kind, GridTarget target, Action<ExperimentKind, double>? progress)
    {
        if (kind == ExperimentKind.OneCallFit)
        {
            var result = RunOneCallFit();
            progress?.Invoke(kind, 1);
            return result;
        }

        var phases = Phases(kind, target);
        var totalEpochs = options.Epochs * phases.Count;
        var keepEvolution = kind is ExperimentKind.Explicit or ExperimentKind.SampleFiniteDifference;
        var trainerOptions = new TrainerOptions
        {
            LearningRate = options.LearningRate,
            ReportInterval = Math.Max(1, options.Epochs / 50),
            SnapshotInterval = keepEvolution ? Math.Max(1, options.Epochs / options.Snapshots) : null,
        };

        using var model = CreateModel();
        using var trainer = new Trainer(model, trainerOptions);
        var losses = new List<double>();
        var snapshots = new List<ModelSnapshot>();
        var done = 0;
        var watch = Stopwatch.StartNew();
        foreach (var (loss, recordsLoss) in phases)
        {
            using (loss)
            {
                var report = new SynchronousProgress<EpochReport>(r => progress?.Invoke(kind, (double)(done + r.EpochInRun) / totalEpochs));
                var result = trainer.Train(loss, options.Epochs, report);
                done += options.Epochs;
                if (recordsLoss)
                {
                    losses.AddRange(result.Losses);
                }

                snapshots.AddRange(result.Snapshots);
            }
        }

        watch.Stop();
        var final = Fit(trainer.Epoch, model);
        var evolution = snapshots.Select(s => Restore(s)).ToList();
        return new ExperimentResult(
            kind,
            losses,
            final,
            evolution,
            DensityMetrics.RelativeFisherDivergence(data.Grid, data.TruePdf, final.Score, data.TrueScore),
            DensityMetrics.L1Distance(data.Grid, final.Pdf, data.TruePdf),
            DensityMetrics.MassBelow(data.Grid, final.Pdf, 0),
            watch.Elapsed);
    }

    /// <summary>
    /// (g): the fit README recommends to a user who has only samples, <see cref="ScoreMatchingFit.Fit"/> with its
    /// defaults but the study's seed, on the samples of (d), its density tabulated on the study's grid so that the
    /// metrics compare with the other experiments'.
    /// </summary>
    private ExperimentResult RunOneCallFit()
    {
        var watch = Stopwatch.StartNew();
        FitResult fitted;
        try
        {
            fitted = ScoreMatchingFit.Fit(data.Samples, new FitOptions { Seed = options.Seed, Grid = data.Grid });
        }
        catch (InvalidOperationException e)
        {
            // The fit cannot be made from these samples (too few distinct ones for the spline, say): a consequence of
            // --samples, reported like any other value the library rejects.
            throw new ArgumentException($"The one-call fit (g) failed on {data.Samples.Length} samples: {e.Message}", e);
        }

        using var fit = fitted;
        watch.Stop();
        var score = fit.Score.ToArray();
        var pdf = fit.Pdf.ToArray();
        var diagnostics = fit.Diagnostics;
        return new ExperimentResult(
            ExperimentKind.OneCallFit,
            [],
            new FitSnapshot(0, score, pdf),
            [],
            DensityMetrics.RelativeFisherDivergence(data.Grid, data.TruePdf, score, data.TrueScore),
            DensityMetrics.L1Distance(data.Grid, pdf, data.TruePdf),
            DensityMetrics.MassBelow(data.Grid, pdf, 0),
            watch.Elapsed)
        {
            FittedBy = diagnostics.Method == FitMethod.Spline ? "fitted spline" : "fitted networks",
            Diagnostics = Describe(diagnostics, fit.Distribution.CumulativeDistribution(0)),
            Warnings = diagnostics.Warnings.Select(w => $"{w.Kind}: {w.Message.ReplaceLineEndings(" ")}").ToList(),
        };
    }

    private static string Describe(FitDiagnostics diagnostics, double massBelowZero)
    {
        var method = diagnostics.Method == FitMethod.Spline && diagnostics.ChosenSmoothing >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"spline score, relative penalty {diagnostics.Smoothing[diagnostics.ChosenSmoothing].RelativePenalty:G3} chosen by cross-validation from {diagnostics.Smoothing.Count}")
            : string.Create(CultureInfo.InvariantCulture, $"{diagnostics.Method.ToString().ToLowerInvariant()} score, {diagnostics.Restarts.Count} restarts");
        var regions = string.Join(", ", diagnostics.Regions.Select(r => string.Create(CultureInfo.InvariantCulture, $"({Bound(r.Lower)}, {Bound(r.Upper)}) mass {r.Mass:F3} ({r.SampleCount} samples)")));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{method}; δ {diagnostics.Delta:G3}; {diagnostics.Regions.Count} region(s){(regions.Length > 0 ? ": " + regions : string.Empty)}; mass below 0 on the whole line {massBelowZero:F3}");
    }

    private static string Bound(double x) => double.IsInfinity(x) ? (x < 0 ? "−∞" : "∞") : x.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>The losses of an experiment's training phases, and whether each phase's losses go into its history.</summary>
    private List<(ScoreLoss Loss, bool RecordsLoss)> Phases(ExperimentKind kind, GridTarget target) => kind switch
    {
        ExperimentKind.Explicit => [(new ExplicitScoreMatchingLoss(target), true)],
        ExperimentKind.SquaredError => [(new SquaredErrorLoss(target), true)],
        ExperimentKind.GridFiniteDifference =>
        [
            (new GridFiniteDifferenceScoreMatchingLoss(target, options.Delta), true),
            (new GridFiniteDifferenceScoreMatchingLoss(target, options.Delta), true),
        ],
        ExperimentKind.SampleFiniteDifference => [(new EmpiricalFiniteDifferenceScoreMatchingLoss(data.Samples, options.Delta), true)],
        ExperimentKind.PreTrained =>
        [
            (new ExplicitScoreMatchingLoss(target), false),
            (new EmpiricalFiniteDifferenceScoreMatchingLoss(data.Samples, options.Delta), true),
        ],
        ExperimentKind.FewSamples => [(new EmpiricalFiniteDifferenceScoreMatchingLoss(data.FewSamples, options.Delta), true)],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown experiment."),
    };

    private MlpScoreModel CreateModel() =>
        new(options.Seed, new MlpOptions { HiddenWidths = [options.HiddenWidth], Activation = options.Activation });

    private FitSnapshot Fit(int epoch, IScoreModel model)
    {
        var score = model.ScoreAt(data.Grid.Points);
        return new FitSnapshot(epoch, score, DensityRecovery.FromScore(data.Grid, score));
    }

    private FitSnapshot Restore(ModelSnapshot snapshot)
    {
        using var model = CreateModel();
        snapshot.Parameters.RestoreInto(model);
        return Fit(snapshot.Epoch, model);
    }
}
