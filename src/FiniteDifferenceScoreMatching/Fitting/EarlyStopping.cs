using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Fitting;

/// <summary>
/// Trains with one loss while watching another on held-out data, stops when the held-out loss has not improved
/// for a while, and gives the model back its best parameters.
/// </summary>
public static class EarlyStopping
{
    /// <summary>
    /// Trains <paramref name="trainer"/>'s model on <paramref name="trainingLoss"/>, evaluating
    /// <paramref name="validationLoss"/> every <see cref="EarlyStoppingOptions.ValidationInterval"/> epochs, until it
    /// has not improved for <see cref="EarlyStoppingOptions.Patience"/> epochs or
    /// <see cref="EarlyStoppingOptions.MaxEpochs"/> have run.
    /// </summary>
    /// <param name="trainer">The trainer; its model is trained in place. Not disposed.</param>
    /// <param name="trainingLoss">The loss to minimise; not disposed.</param>
    /// <param name="validationLoss">The loss that scores the parameters, usually the same objective on held-out samples; not disposed.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Checked before each epoch; when signalled, training stops as if patience had run out, with <see cref="EarlyStoppingReason.Cancelled"/>.</param>
    /// <returns>The training losses, the validation curve, the best epoch, and why training stopped.</returns>
    /// <remarks>
    /// <para>
    /// The validation loss is evaluated without recording gradients at epoch 0 (the parameters training starts
    /// from), after every interval, and at the last epoch. Each evaluation is paired with the training loss at the
    /// same parameters. From <see cref="EarlyStoppingOptions.MinEpochs"/> on, a managed copy of the parameters is
    /// kept at every new best; if training ends before then (cancellation, divergence), the last parameters count as
    /// the best.
    /// </para>
    /// <para>
    /// When <see cref="EarlyStoppingOptions.RestoreBestParameters"/> is set, the model ends with the parameters of the
    /// best evaluation. The trainer's optimizer state still belongs to the last epoch: to train on from the restored
    /// parameters with fresh moments, create a new trainer.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The trainer, its model or a loss has been disposed.</exception>
    public static EarlyStoppingResult Train(
        Trainer trainer,
        ScoreLoss trainingLoss,
        ScoreLoss validationLoss,
        EarlyStoppingOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(trainingLoss);
        ArgumentNullException.ThrowIfNull(validationLoss);
        options ??= new EarlyStoppingOptions();
        options.Validate();

        var model = trainer.Model;
        var monitor = new EarlyStoppingMonitor(options);
        ParameterSnapshot? bestParameters = null;
        var validation = Evaluate(validationLoss, model);
        while (true)
        {
            if (monitor.Observe(validation))
            {
                bestParameters = ParameterSnapshot.Capture(model);
            }

            if (monitor.ShouldStop())
            {
                break;
            }

            var run = trainer.Train(trainingLoss, monitor.NextRunLength, cancellationToken: cancellationToken);
            monitor.Record(run.Losses);
            if (run.EpochsCompleted > 0)
            {
                validation = Evaluate(validationLoss, model);
            }

            if (run.StopReason != TrainingStopReason.Completed)
            {
                monitor.Stop(run.Diverged ? EarlyStoppingReason.Diverged : EarlyStoppingReason.Cancelled);
                break;
            }
        }

        var result = monitor.Finish(validation, Evaluate(trainingLoss, model), out var restore);
        if (restore)
        {
            bestParameters!.RestoreInto(model);
        }

        return result;
    }

    /// <summary>
    /// Trains every member of <paramref name="trainer"/>'s ensemble together, each with early stopping of its own, as
    /// <see cref="Train"/> does for one model: members whose patience runs out stop being watched (and are given back
    /// their best parameters at the end) while the others go on; training ends when every member has stopped.
    /// </summary>
    /// <param name="trainer">The ensemble's trainer; the ensemble is trained in place. Not disposed.</param>
    /// <param name="trainingLoss">The loss to minimise; not disposed.</param>
    /// <param name="validationLoss">The loss that scores each member's parameters; not disposed.</param>
    /// <param name="options">The options, the same for every member; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Checked before each epoch; when signalled, every member still running stops with <see cref="EarlyStoppingReason.Cancelled"/>.</param>
    /// <returns>For each member, its training losses, validation curve, best epoch and stop reason.</returns>
    /// <remarks>
    /// A member stopped early keeps being updated by the shared optimizer step until the last member stops (its
    /// curve is not extended), so it ends with the parameters of its best epoch only when
    /// <see cref="EarlyStoppingOptions.RestoreBestParameters"/> is set, as it is by default. A member whose loss stops
    /// being finite stops with <see cref="EarlyStoppingReason.Diverged"/> and, with
    /// <see cref="EarlyStoppingOptions.RestoreBestParameters"/>, gets back the best parameters captured before (its own
    /// are NaN by then); the others are unaffected.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The trainer or its ensemble has been disposed.</exception>
    public static IReadOnlyList<EarlyStoppingResult> TrainEnsemble(
        EnsembleTrainer trainer,
        IEnsembleLoss trainingLoss,
        IEnsembleLoss validationLoss,
        EarlyStoppingOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(trainingLoss);
        ArgumentNullException.ThrowIfNull(validationLoss);
        options ??= new EarlyStoppingOptions();
        options.Validate();

        var count = trainer.Ensemble.Count;
        var monitors = Enumerable.Range(0, count).Select(_ => new EarlyStoppingMonitor(options)).ToArray();
        var finished = new EarlyStoppingResult?[count];
        var restore = new bool[count];
        using var best = new MemberParameters(trainer.Ensemble);
        var validation = trainer.Evaluate(validationLoss);
        while (true)
        {
            for (var k = 0; k < count; k++)
            {
                if (monitors[k].Reason is null)
                {
                    if (monitors[k].Observe(validation[k]))
                    {
                        best.Capture(k);
                    }

                    monitors[k].ShouldStop();
                }
            }

            FinishStopped(trainer, trainingLoss, monitors, finished, restore, validation);
            var running = monitors.Where(m => m.Reason is null).ToArray();
            if (running.Length == 0)
            {
                break;
            }

            var run = trainer.Train(trainingLoss, running.Min(m => m.NextRunLength), cancellationToken);
            for (var k = 0; k < count; k++)
            {
                if (monitors[k].Reason is not null)
                {
                    continue;
                }

                var losses = run.Losses[k];
                var firstNonFinite = losses.ToList().FindIndex(l => !double.IsFinite(l));
                monitors[k].Record(firstNonFinite < 0 ? losses : losses.Take(firstNonFinite).ToArray());
                if (firstNonFinite >= 0)
                {
                    monitors[k].Stop(EarlyStoppingReason.Diverged);
                }
                else if (run.StopReason == TrainingStopReason.Cancelled)
                {
                    monitors[k].Stop(EarlyStoppingReason.Cancelled);
                }
            }

            if (run.EpochsCompleted > 0)
            {
                validation = trainer.Evaluate(validationLoss);
            }
        }

        for (var k = 0; k < count; k++)
        {
            if (restore[k])
            {
                best.RestoreInto(k);
            }
        }

        return finished.Select(r => r!).ToArray();
    }

    /// <summary>Closes the run of every member that has just stopped, at the parameters it has now.</summary>
    private static void FinishStopped(EnsembleTrainer trainer, IEnsembleLoss trainingLoss, EarlyStoppingMonitor[] monitors, EarlyStoppingResult?[] finished, bool[] restore, double[] validation)
    {
        double[]? training = null;
        for (var k = 0; k < monitors.Length; k++)
        {
            if (monitors[k].Reason is not null && finished[k] is null)
            {
                training ??= trainer.Evaluate(trainingLoss);
                finished[k] = monitors[k].Finish(validation[k], training[k], out restore[k]);
            }
        }
    }

    /// <summary>Evaluates a loss without recording gradients, releasing every tensor it makes.</summary>
    internal static double Evaluate(ScoreLoss loss, IScoreModel model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return loss.Compute(model).ToDouble();
    }
}
