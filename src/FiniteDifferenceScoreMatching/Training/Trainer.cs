using System.Runtime.InteropServices;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// Fits a score model by gradient descent on a <see cref="ScoreLoss"/>, full batch or in mini-batches, keeping the optimizer's state
/// between calls so that training can go on where it stopped, with the same or another loss.
/// </summary>
/// <remarks>
/// <para>
/// Training takes one of two paths. The <b>fused path</b> is taken when the optimizer is the default Adam
/// (<see cref="TrainerOptions.OptimizerFactory"/> is null, and no checkpoint restored other settings into it), the model an <see cref="MlpScoreModel"/> on the CPU with
/// one hidden layer (of any activation but softplus in float32, where TorchSharp's own arithmetic is as fast),
/// the loss one of the finite-difference losses (<see cref="EmpiricalFiniteDifferenceScoreMatchingLoss"/>,
/// <see cref="CurvaturePenalizedScoreMatchingLoss"/>, <see cref="GridFiniteDifferenceScoreMatchingLoss"/>; the first
/// two in mini-batches too): the loss, its gradient and the Adam step are then computed in managed code, in double
/// precision, with hand-written derivatives, and the new parameters and optimizer state are written into their
/// tensors after every update (and read back after every progress report, which may change them). It gives the same losses and parameters as the general path up to rounding (about
/// 1e-12 per epoch in float64; for a float32 model, closer to the float64 run than TorchSharp's float32 arithmetic)
/// and is several times faster for networks of this shape. Every other combination takes the <b>general path</b>:
/// TorchSharp's forward pass, autograd and optimizer. To force the general path with Adam, pass
/// <c>OptimizerFactory = (parameters, rate) =&gt; optim.Adam(parameters, rate)</c>.
/// </para>
/// <para>
/// On the general path each epoch runs in its own dispose scope: the loss, the autograd graph and every temporary are released before
/// the next epoch starts, so native memory does not grow with the number of epochs.
/// </para>
/// <para>
/// An epoch whose loss, or whose updated parameters, are not finite stops the call with
/// <see cref="TrainingStopReason.Diverged"/>; the model keeps the parameters it had before that epoch, so a diverged
/// run never leaves NaN in the model. The optimizer's state after a divergence is not meaningful: to go on, create a
/// new trainer (for example with a lower learning rate).
/// </para>
/// <para>
/// The trainer owns its optimizer and disposes it; it does not own the model or the losses. Training is
/// deterministic: the same initial parameters and losses give the same loss history, bit for bit.
/// </para>
/// </remarks>
public sealed class Trainer : IDisposable
{
    /// <summary>
    /// The most loss-history slots reserved before training starts; the history grows past it as epochs complete, so
    /// that a huge epoch limit costs nothing until it is used.
    /// </summary>
    internal const int InitialHistoryCapacity = 4096;

    private readonly optim.Optimizer _optimizer;
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _beforeStep;
    private readonly Generator _shuffle;
    private FusedMlpTraining? _fused;
    private long[]? _order;
    private bool _disposed;
    private readonly ModelLease.Flag _busy = new();

    /// <summary>Creates a trainer for <paramref name="model"/>, with a new optimizer over its parameters.</summary>
    /// <param name="model">The model to train; the caller keeps ownership.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults (Adam, learning rate 0.03).</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range, the model has no parameters, or it does not keep the shape of its input.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public Trainer(IScoreModel model, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var gate = TorchGate.Enter();
        Options = options ?? new TrainerOptions();
        Options.Validate();
        ThrowIfNotAScoreModel(model);
        Options.ThrowIfBeyond(model.DType);
        Model = model;
        _parameters = model.NamedParameters().Select(p => p.Parameter).ToArray();
        _optimizer = Options.CreateOptimizer(_parameters, nameof(options));
        using (NewDisposeScope())
        using (no_grad())
        {
            _beforeStep = _parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
        }

        _shuffle = new Generator(unchecked((ulong)Options.ShuffleSeed));
    }

    /// <summary>Gets the model being trained.</summary>
    public IScoreModel Model { get; }

    /// <summary>Gets the options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Gets a value indicating whether the last call to <see cref="Train"/> took the fused path.</summary>
    internal bool LastRunWasFused { get; private set; }

    /// <summary>Gets the number of epochs completed over all calls to <see cref="Train"/>, and over the runs a checkpoint continues.</summary>
    public int Epoch { get; private set; }

    /// <summary>Creates a trainer that continues from a checkpoint written by <see cref="SaveCheckpoint"/>.</summary>
    /// <param name="model">A model of the same architecture (parameter names, shapes and dtype) as the saved one; its parameters are overwritten.</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="optimizerFactory">The factory of the optimizer, when the saved trainer used one; <see langword="null"/> for Adam.</param>
    /// <returns>A trainer with the saved options, epoch count and optimizer state, over <paramref name="model"/> with the saved parameters.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The checkpoint is of another architecture or optimizer; the model is left as it was.</exception>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, or is truncated or corrupted; the model is left as it was.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Trainer Resume(IScoreModel model, string path, Func<IEnumerable<Parameter>, double, optim.Optimizer>? optimizerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var checkpoint = Checkpoint.Read(path);
        using var gate = TorchGate.Enter();
        var trainer = new Trainer(model, checkpoint.Options with { OptimizerFactory = optimizerFactory });
        try
        {
            checkpoint.Restore(trainer.Model, trainer._optimizer, trainer._shuffle);
            trainer.Epoch = checkpoint.Epoch;
            return trainer;
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="epochs"/> full-batch epochs on <paramref name="loss"/>.</summary>
    /// <param name="loss">The loss to minimise; not disposed.</param>
    /// <param name="epochs">The number of epochs; positive.</param>
    /// <param name="progress">Receives a report every <see cref="TrainerOptions.ReportInterval"/> epochs and at the last; may be null.</param>
    /// <param name="cancellationToken">Checked before each epoch; when signalled, the call returns what it has done.</param>
    /// <returns>The loss history of this call, its snapshots, and why it stopped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="loss"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is zero or negative.</exception>
    /// <exception cref="ArgumentException"><see cref="TrainerOptions.BatchSize"/> is set but the loss does not implement <see cref="IMiniBatchLoss"/>.</exception>
    /// <exception cref="ObjectDisposedException">The trainer, the model or the loss has been disposed.</exception>
    public TrainingResult Train(ScoreLoss loss, int epochs, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        var batches = Options.BatchSize is null ? null : loss as IMiniBatchLoss
            ?? throw new ArgumentException($"Mini-batches need a loss that implements {nameof(IMiniBatchLoss)}; {loss.GetType().Name} does not.", nameof(loss));

        using var use = ModelLease.Take(this, _busy, Model);
        using var gate = TorchGate.Enter();
        ThrowIfModelDisposed();
        var firstEpoch = Epoch;
        var losses = new List<double>(Math.Min(epochs, InitialHistoryCapacity));
        var snapshots = new List<ModelSnapshot>();
        var snapshotInterval = Options.SnapshotInterval;
        if (snapshotInterval is not null)
        {
            snapshots.Add(new ModelSnapshot(Epoch, ParameterSnapshot.Capture(Model)));
        }

        var fullBatch = batches is null || Options.BatchSize >= batches.SampleCount;
        var fused = cancellationToken.IsCancellationRequested ? null : FusedPath(loss, fullBatch);
        LastRunWasFused = fused is not null;
        var stopReason = TrainingStopReason.Completed;
        for (var epochInRun = 1; epochInRun <= epochs; epochInRun++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                stopReason = TrainingStopReason.Cancelled;
                break;
            }

            var value = 0.0;
            var finite = (fused, fullBatch) switch
            {
                (not null, true) => FusedEpochOutsideTheGate(fused, losses, out value),
                (not null, false) => FusedMiniBatchEpoch(fused, batches!.SampleCount, Options.BatchSize!.Value, out value),
                (null, false) => MiniBatchEpoch(batches!, Options.BatchSize!.Value, out value),
                (null, true) => Update(() => loss.Compute(Model), out value),
            };
            if (!finite)
            {
                stopReason = TrainingStopReason.Diverged;
                break;
            }

            losses.Add(value);
            Epoch++;

            if (epochInRun % snapshotInterval == 0)
            {
                snapshots.Add(new ModelSnapshot(Epoch, ParameterSnapshot.Capture(Model)));
            }

            var reported = progress is not null && (epochInRun % Options.ReportInterval == 0 || epochInRun == epochs);
            if (reported)
            {
                var report = new EpochReport(Epoch, epochInRun, epochs, value);
                TorchGate.Outside(() => progress!.Report(report));
            }
            else if (fused is null)
            {
                // Other threads waiting for the lock (a trainer, a disposal) take their turn between epochs.
                TorchGate.Yield();
            }

            // The report, or another thread, may have disposed the model; a report may have changed its parameters,
            // and the fused path must go on from what the tensors hold.
            ThrowIfModelDisposed();
            if (reported)
            {
                fused?.Reload();
            }
        }

        return new TrainingResult(losses, snapshots, firstEpoch, stopReason);
    }

    /// <summary>
    /// Writes the model's parameters, the optimizer's state, the epoch count and the options to one file, atomically:
    /// if writing fails, a file already at <paramref name="path"/> is left as it was.
    /// </summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The trainer has been disposed.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="NotSupportedException">TorchSharp cannot save the state of the trainer's optimizer.</exception>
    public void SaveCheckpoint(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var use = ModelLease.Take(this, _busy, Model);
        using var gate = TorchGate.Enter();
        ThrowIfModelDisposed();
        var checkpoint = Checkpoint.Capture(Model, _optimizer, _shuffle, Epoch, Options);
        AtomicFile.Write(path, checkpoint.WriteTo);
    }

    /// <summary>Releases the optimizer and its state. Calling it while the trainer trains on another thread throws.</summary>
    /// <exception cref="InvalidOperationException">The trainer is training, or saving a checkpoint, on another thread.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (_busy.IsSet)
        {
            throw new InvalidOperationException("The trainer is in use on another thread; dispose it when its call has returned.");
        }

        using var gate = TorchGate.Enter();
        _disposed = true;
        _optimizer.Dispose();
        _shuffle.Dispose();
        foreach (var copy in _beforeStep)
        {
            copy.Dispose();
        }
    }

    /// <summary>
    /// One full-batch epoch on the fused path, which calls no TorchSharp and allocates nothing: run without the gate
    /// when another thread waits for it, so that trainers on other threads go on meanwhile; the history grows, when it
    /// must, under the gate.
    /// </summary>
    private static bool FusedEpochOutsideTheGate(FusedMlpTraining fused, List<double> losses, out double value)
    {
        if (losses.Count == losses.Capacity)
        {
            losses.Capacity = Math.Max(2 * losses.Capacity, 16);
        }

        if (!TorchGate.HasWaiters)
        {
            // Nobody waits for the lock: the epoch runs under it, without the cost of handing it over.
            return fused.Update(out value);
        }

        var finite = false;
        var loss = 0.0;
        TorchGate.Outside(() =>
        {
            // The epoch writes the parameters' memory: disposal on another thread waits for it (and the epoch after
            // a disposal finds the model disposed).
            lock (fused.Model.UseLock)
            {
                finite = fused.Update(out loss);
            }
        });
        value = loss;
        return finite;
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> when the model's parameters have been released.</summary>
    private void ThrowIfModelDisposed()
    {
        foreach (var parameter in _parameters)
        {
            if (parameter.IsInvalid)
            {
                throw new ObjectDisposedException(Model.GetType().Name, "The model was disposed after the trainer was created.");
            }
        }
    }

    /// <summary>The fused path for a run on <paramref name="loss"/>, kept from the last run when the loss is the same, or null for the general path.</summary>
    private FusedMlpTraining? FusedPath(ScoreLoss loss, bool fullBatch)
    {
        if (ReferenceEquals(_fused?.Loss, loss) && FusedMlpTraining.Batches(loss, fullBatch))
        {
            loss.ThrowIfDisposed();
            _fused.Reload();
            return _fused;
        }

        var fused = FusedMlpTraining.TryCreate(Model, loss, Options, _parameters, _optimizer, fullBatch);
        _fused = fused ?? _fused;
        return fused;
    }

    /// <summary>
    /// Runs one epoch over shuffled mini-batches on the fused path: the same order from the same generator as
    /// <see cref="MiniBatchEpoch"/>, copied once into a kept array, and one fused update per batch.
    /// </summary>
    private bool FusedMiniBatchEpoch(FusedMlpTraining fused, int count, int batchSize, out double value)
    {
        if (_order?.Length != count)
        {
            _order = new long[count];
        }

        using (var order = randperm(count, generator: _shuffle))
        {
            MemoryMarshal.Cast<byte, long>(order.bytes).CopyTo(_order);
        }

        var shuffled = _order;
        return OverBatches(count, batchSize, (int start, int size, out double batchLoss) => fused.Update(shuffled.AsSpan(start, size), out batchLoss), out value);
    }

    /// <summary>Runs one epoch over shuffled mini-batches on the general path, one update each.</summary>
    private bool MiniBatchEpoch(IMiniBatchLoss loss, int batchSize, out double value)
    {
        using var scope = NewDisposeScope();
        var count = loss.SampleCount;
        var order = randperm(count, generator: _shuffle);
        return OverBatches(
            count,
            batchSize,
            (int start, int size, out double batchLoss) =>
            {
                using var batch = order.narrow(0, start, size);
                return Update(() => loss.ComputeBatch(Model, batch), out batchLoss);
            },
            out value);
    }

    /// <summary>
    /// Runs <paramref name="update"/> on consecutive batches of <paramref name="batchSize"/> of the shuffled order
    /// (the last one shorter); the epoch's loss is the mean of the batches' losses, weighted by their sizes. Returns
    /// false as soon as an update is not finite.
    /// </summary>
    private static bool OverBatches(int count, int batchSize, BatchUpdate update, out double value)
    {
        var total = 0.0;
        value = double.NaN;
        for (var start = 0; start < count; start += batchSize)
        {
            var size = Math.Min(batchSize, count - start);
            if (!update(start, size, out var batchLoss))
            {
                return false;
            }

            total += batchLoss * size;
        }

        value = total / count;
        return true;
    }

    /// <summary>
    /// One optimizer update on the loss that <paramref name="compute"/> gives; returns false, leaving the parameters
    /// as they were, when the loss or the updated parameters are not finite.
    /// </summary>
    private bool Update(Func<Tensor> compute, out double value)
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var lossTensor = compute();
        value = lossTensor.ToDouble();
        if (!double.IsFinite(value))
        {
            return false;
        }

        lossTensor.backward();
        RememberParameters();
        _optimizer.step();
        if (!ParametersAreFinite())
        {
            RestoreParameters();
            return false;
        }

        return true;
    }

    private bool ParametersAreFinite()
    {
        using var scope = NewDisposeScope();
        return _parameters.All(p => p.isfinite().all().ToBoolean());
    }

    private void RememberParameters()
    {
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            _beforeStep[i].copy_(_parameters[i]);
        }
    }

    private void RestoreParameters()
    {
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            _parameters[i].copy_(_beforeStep[i]);
        }
    }

    /// <summary>One update on the batch of <paramref name="size"/> samples from <paramref name="start"/> of the shuffled order.</summary>
    private delegate bool BatchUpdate(int start, int size, out double loss);

    /// <summary>Checks, on a probe batch, that the model has parameters and keeps the shape of its input.</summary>
    private static void ThrowIfNotAScoreModel(IScoreModel model)
    {
        if (!model.NamedParameters().Any())
        {
            throw new ArgumentException("The model has no parameters to train.", nameof(model));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var probe = zeros([2, model.Dimension], model.DType, model.Device);
        long[] shape;
        try
        {
            shape = model.Score(probe).shape;
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"The model does not map a batch of shape [2, {model.Dimension}] to scores of that shape: {e.Message}", nameof(model), e);
        }

        if (!shape.SequenceEqual(probe.shape))
        {
            throw new ArgumentException($"The model maps a batch of shape [2, {model.Dimension}] to shape [{string.Join(", ", shape)}]; a score model must keep the shape.", nameof(model));
        }
    }
}
