using System.Diagnostics;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using FiniteDifferenceScoreMatching.Training;

namespace GaussianMixture1D;

/// <summary>Runs the experiments of the original study, each from the same untrained network.</summary>
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
