using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// Fits a score model by full-batch gradient descent on a <see cref="ScoreLoss"/>, keeping the optimizer's state
/// between calls so that training can go on where it stopped, with the same or another loss.
/// </summary>
/// <remarks>
/// <para>
/// Each epoch runs in its own dispose scope: the loss, the autograd graph and every temporary are released before
/// the next epoch starts, so native memory does not grow with the number of epochs.
/// </para>
/// <para>
/// The trainer owns its optimizer and disposes it; it does not own the model or the losses. Training is
/// deterministic: the same initial parameters and losses give the same loss history.
/// </para>
/// </remarks>
public sealed class Trainer : IDisposable
{
    private readonly optim.Optimizer _optimizer;
    private bool _disposed;

    /// <summary>Creates a trainer for <paramref name="model"/>, with a new optimizer over its parameters.</summary>
    /// <param name="model">The model to train; the caller keeps ownership.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults (Adam, learning rate 0.03).</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public Trainer(IScoreModel model, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new TrainerOptions();
        Options.Validate();
        Model = model;
        var parameters = model.NamedParameters().Select(p => p.Parameter).ToList();
        _optimizer = Options.OptimizerFactory is null
            ? optim.Adam(parameters, Options.LearningRate)
            : Options.OptimizerFactory(parameters, Options.LearningRate)
              ?? throw new ArgumentException("The optimizer factory returned null.", nameof(options));
    }

    /// <summary>Gets the model being trained.</summary>
    public IScoreModel Model { get; }

    /// <summary>Gets the options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Gets the number of epochs completed over all calls to <see cref="Train"/>.</summary>
    public int Epoch { get; private set; }

    /// <summary>Runs <paramref name="epochs"/> full-batch epochs on <paramref name="loss"/>.</summary>
    /// <param name="loss">The loss to minimise; not disposed.</param>
    /// <param name="epochs">The number of epochs; positive.</param>
    /// <param name="progress">Receives a report every <see cref="TrainerOptions.ReportInterval"/> epochs and at the last; may be null.</param>
    /// <param name="cancellationToken">Checked before each epoch; when signalled, the call returns what it has done.</param>
    /// <returns>The loss history of this call, its snapshots, and whether it was cancelled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="loss"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is zero or negative.</exception>
    /// <exception cref="ObjectDisposedException">The trainer has been disposed.</exception>
    public TrainingResult Train(ScoreLoss loss, int epochs, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);

        var firstEpoch = Epoch;
        var losses = new List<double>(epochs);
        var snapshots = new List<ModelSnapshot>();
        var snapshotInterval = Options.SnapshotInterval;
        if (snapshotInterval > 0)
        {
            snapshots.Add(new ModelSnapshot(Epoch, ParameterSnapshot.Capture(Model)));
        }

        var cancelled = false;
        for (var epochInRun = 1; epochInRun <= epochs; epochInRun++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }

            var value = Step(loss);
            losses.Add(value);
            Epoch++;

            if (snapshotInterval > 0 && epochInRun % snapshotInterval == 0)
            {
                snapshots.Add(new ModelSnapshot(Epoch, ParameterSnapshot.Capture(Model)));
            }

            if (progress is not null && (epochInRun % Options.ReportInterval == 0 || epochInRun == epochs))
            {
                progress.Report(new EpochReport(Epoch, epochInRun, epochs, value));
            }
        }

        return new TrainingResult(losses, snapshots, firstEpoch, cancelled);
    }

    /// <summary>Releases the optimizer and its state.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _optimizer.Dispose();
    }

    private double Step(ScoreLoss loss)
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var value = loss.Compute(Model);
        value.backward();
        _optimizer.step();
        return value.ToDouble();
    }
}
