using System.Diagnostics.CodeAnalysis;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training.Engines;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// Fits a score model, one network or an ensemble of K members, by gradient descent on a <see cref="ScoreLoss"/>, full
/// batch or in mini-batches, for a number of epochs or until a validation loss stops improving; the optimizer's state
/// is kept between calls, so that training can go on where it stopped, with the same or another loss.
/// </summary>
/// <remarks>
/// <para>
/// The trainer runs the loop (epochs, history, reports, snapshots, cancellation, early stopping); an engine runs the
/// steps, chosen per loss by <see cref="TrainerOptions.Engine"/>: TorchSharp's forward pass, autograd and optimizer
/// on the model's device, each step in a dispose scope of its own, or, where it applies, a fused managed engine that
/// computes a finite-difference loss of a network 1 → H → 1, its gradient and the Adam step without tensors
/// (docs/training-engines.md). Both give the same losses and parameters up to rounding.
/// </para>
/// <para>
/// The members of an ensemble share no parameter: each follows the path it would follow trained alone. A member whose
/// loss, or whose parameters after an update, are not finite keeps the parameters it had before that update and is
/// frozen for the rest of the trainer's life (<see cref="StopReason.NonFinite"/>); the others go on, and a call stops
/// when no member is left. A diverged model therefore never holds NaN; to go on from it, create a new trainer (for
/// example with a lower learning rate).
/// </para>
/// <para>
/// The trainer owns its optimizer and its generator (seeded by <see cref="TrainerOptions.Seed"/>, on the model's
/// device) and disposes them; it does not own the model or the losses. Training is deterministic: the same initial
/// parameters, losses and options give the same history, bit for bit.
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
    private readonly Generator _generator;
    private readonly MemberParameters _beforeStep;
    private readonly EngineSelector _engines;
    private readonly bool[] _frozen;
    private readonly ModelLease.Flag _busy = new();
    private bool _disposed;

    /// <summary>Creates a trainer for <paramref name="model"/>, with a new optimizer over its parameters.</summary>
    /// <param name="model">The model to train, one network or an ensemble; the caller keeps ownership.</param>
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
        _beforeStep = new MemberParameters(model);
        _generator = new Generator(unchecked((ulong)Options.Seed), model.Device);
        _frozen = new bool[model.Members];
        _engines = new EngineSelector(model, Options, _optimizer, _parameters, _beforeStep, _generator);
    }

    /// <summary>Gets the model being trained.</summary>
    public IScoreModel Model { get; }

    /// <summary>Gets the options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Gets the number of epochs completed over all calls, and over the runs a checkpoint continues.</summary>
    public int Epoch { get; private set; }

    /// <summary>Gets a value indicating whether the last epoch ran on the fused engine.</summary>
    internal bool LastRunWasFused { get; private set; }

    /// <summary>Creates a trainer that continues from a checkpoint written by <see cref="SaveCheckpoint"/>.</summary>
    /// <param name="model">A model of the same architecture (parameter names, shapes and dtype) as the saved one; its parameters are overwritten.</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="optimizerFactory">The factory of the optimizer, when the saved trainer used one; <see langword="null"/> for Adam.</param>
    /// <returns>A trainer with the saved options, epoch count, optimizer state and generator state, over <paramref name="model"/> with the saved parameters.</returns>
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
            checkpoint.Restore(trainer.Model, trainer._optimizer, trainer._generator);
            trainer.Epoch = checkpoint.Epoch;
            return trainer;
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="epochs"/> epochs on <paramref name="loss"/>.</summary>
    /// <param name="loss">The loss to minimise; not disposed.</param>
    /// <param name="epochs">The number of epochs; positive.</param>
    /// <param name="progress">Receives a report every <see cref="TrainerOptions.ReportInterval"/> epochs of the trainer and at the call's last; may be null.</param>
    /// <param name="cancellationToken">Checked before each epoch; when signalled, the call returns what it has done.</param>
    /// <returns>The loss history of this call, member by member, its snapshots, and why it stopped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="loss"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is zero or negative.</exception>
    /// <exception cref="ArgumentException"><see cref="TrainerOptions.BatchSize"/> is set but the loss is not a mean over samples.</exception>
    /// <exception cref="ObjectDisposedException">The trainer, the model or the loss has been disposed.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their required second parameter (an epoch count or a validation loss), so no call is ambiguous.")]
    public TrainingResult Train(ScoreLoss loss, int epochs, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        ThrowIfNotBatchable(loss);
        using var use = ModelLease.Take(this, _busy, Model);
        using var gate = TorchGate.Enter();
        ThrowIfModelDisposed();
        var history = new History(this, epochs);
        try
        {
            var reason = Run(loss, epochs, epochs, history, progress, cancellationToken);
            var members = Enumerable.Range(0, Model.Members).Select(k => new MemberHistory(history.MemberLosses[k], _frozen[k] ? StopReason.NonFinite : reason)).ToArray();
            return history.ToResult(reason, members);
        }
        finally
        {
            _engines.Publish();
        }
    }

    /// <summary>
    /// Trains on <paramref name="loss"/> while watching <paramref name="validationLoss"/>, usually the same objective on
    /// held-out samples, and stops each member when its validation loss has not improved for
    /// <see cref="EarlyStoppingOptions.Patience"/> epochs, or after <see cref="EarlyStoppingOptions.MaxEpochs"/>.
    /// </summary>
    /// <param name="loss">The loss to minimise; not disposed.</param>
    /// <param name="validationLoss">The loss that scores the parameters; not disposed.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives a report every <see cref="TrainerOptions.ReportInterval"/> epochs of the trainer and at the last; may be null.</param>
    /// <param name="cancellationToken">Checked before each epoch; when signalled, every member still training stops with <see cref="StopReason.Cancelled"/>.</param>
    /// <returns>The loss history and, for each member, its validation curve, best epoch and stop reason.</returns>
    /// <remarks>
    /// <para>
    /// The validation loss is evaluated without recording gradients at the parameters training starts from (epoch 0),
    /// after every <see cref="EarlyStoppingOptions.ValidationInterval"/> epochs, and at the end. Each evaluation is
    /// paired with the training loss at the same parameters. From <see cref="EarlyStoppingOptions.MinEpochs"/> on, a
    /// copy of a member's parameters is kept at each of its new bests; if training ends before then (cancellation, a
    /// loss that is not finite), its last parameters count as the best.
    /// </para>
    /// <para>
    /// The members of an ensemble stop one by one; one that has stopped is still updated by the common step until the
    /// last stops (its history is not extended), and with <see cref="EarlyStoppingOptions.RestoreBestParameters"/>
    /// (the default) every member ends with the parameters of its best epoch. The optimizer's state belongs to the
    /// last epoch: to train on from the restored parameters with fresh moments, create a new trainer.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="loss"/> or <paramref name="validationLoss"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="TrainerOptions.BatchSize"/> is set but the loss is not a mean over samples.</exception>
    /// <exception cref="ObjectDisposedException">The trainer, the model or a loss has been disposed.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their required second parameter (an epoch count or a validation loss), so no call is ambiguous.")]
    public TrainingResult Train(ScoreLoss loss, ScoreLoss validationLoss, EarlyStoppingOptions? options = null, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(validationLoss);
        options ??= new EarlyStoppingOptions();
        options.Validate();
        ThrowIfNotBatchable(loss);
        using var use = ModelLease.Take(this, _busy, Model);
        using var gate = TorchGate.Enter();
        ThrowIfModelDisposed();
        var count = Model.Members;
        var monitors = Enumerable.Range(0, count).Select(_ => new EarlyStoppingMonitor(options)).ToArray();
        var finished = new MemberHistory?[count];
        var restore = new bool[count];
        var history = new History(this, options.MaxEpochs);
        var callReason = StopReason.Completed;
        using var best = new MemberParameters(Model);
        try
        {
            var validation = _engines.Evaluate(validationLoss);
            while (true)
            {
                var published = false;
                for (var k = 0; k < count; k++)
                {
                    if (monitors[k].Reason is null && monitors[k].Observe(validation[k]))
                    {
                        if (!published)
                        {
                            _engines.Publish();
                            published = true;
                        }

                        best.Capture(k);
                    }

                    if (monitors[k].Reason is null)
                    {
                        monitors[k].ShouldStop();
                    }
                }

                double[]? training = null;
                for (var k = 0; k < count; k++)
                {
                    if (monitors[k].Reason is not null && finished[k] is null)
                    {
                        training ??= _engines.Evaluate(loss);
                        finished[k] = monitors[k].Finish(validation[k], training[k], out restore[k]);
                    }
                }

                var running = monitors.Where(m => m.Reason is null).ToArray();
                if (running.Length == 0)
                {
                    break;
                }

                // Stryker disable once Linq : Count here is the list's property; its mutant, the method group l.Sum, does not compile, and the error is reported where Stryker cannot trace it, so it would drop every mutant of this method.
                var recorded = history.MemberLosses.Select(l => l.Count).ToArray();
                var reason = Run(loss, running.Min(m => m.NextRunLength), options.MaxEpochs, history, progress, cancellationToken);
                for (var k = 0; k < count; k++)
                {
                    if (monitors[k].Reason is not null)
                    {
                        continue;
                    }

                    monitors[k].Record(history.MemberLosses[k].Skip(recorded[k]).ToArray());
                    if (_frozen[k])
                    {
                        monitors[k].Stop(StopReason.NonFinite);
                    }
                    else if (reason == StopReason.Cancelled)
                    {
                        monitors[k].Stop(StopReason.Cancelled);
                    }
                }

                callReason = reason == StopReason.Cancelled ? reason : callReason;
                validation = _engines.Evaluate(validationLoss);
            }

            _engines.Publish();
            for (var k = 0; k < count; k++)
            {
                if (restore[k])
                {
                    best.RestoreInto(k);
                }
            }

            var members = finished.Select(m => m!).ToArray();
            if (callReason != StopReason.Cancelled)
            {
                callReason = members.Select(m => m.StopReason).Distinct().Count() == 1 ? members[0].StopReason : StopReason.Completed;
            }

            return history.ToResult(callReason, members);
        }
        finally
        {
            _engines.Publish();
        }
    }

    /// <summary>Evaluates every member's loss over all the samples, without recording gradients or changing anything.</summary>
    /// <param name="loss">The loss; not disposed. Its randomness, if any, comes from its own generator, not the trainer's.</param>
    /// <returns>Member k's loss at element k; one element for a single network.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="loss"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The trainer, the model or the loss has been disposed.</exception>
    public IReadOnlyList<double> Evaluate(ScoreLoss loss)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(loss);
        using var use = ModelLease.Take(this, _busy, Model);
        using var gate = TorchGate.Enter();
        ThrowIfModelDisposed();
        return _engines.Evaluate(loss);
    }

    /// <summary>
    /// Writes the model's parameters, the optimizer's state, the generator's state, the epoch count and the options to
    /// one file, atomically: if writing fails, a file already at <paramref name="path"/> is left as it was.
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
        var checkpoint = Checkpoint.Capture(Model, _optimizer, _generator, Epoch, Options);
        AtomicFile.Write(path, checkpoint.WriteTo);
    }

    /// <summary>Releases the optimizer, the generator and their state. Calling it while the trainer trains on another thread throws.</summary>
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
        _generator.Dispose();
        _beforeStep.Dispose();
    }

    /// <summary>
    /// Runs up to <paramref name="epochs"/> epochs of <paramref name="loss"/> into <paramref name="history"/>; stops
    /// early when cancelled or when every member is frozen.
    /// </summary>
    private StopReason Run(ScoreLoss loss, int epochs, int epochsInCall, History history, IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        using var plan = EpochPlan.For(Options.BatchSize, loss.SampleCount, _generator, Model.Device);
        var values = new double[Model.Members];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return StopReason.Cancelled;
            }

            if (!_frozen.Contains(false))
            {
                return StopReason.NonFinite;
            }

            var engine = _engines.Take(loss, plan.Batched);
            LastRunWasFused = engine is FusedEngine;
            plan.Draw();
            RunEpoch(engine, plan, values);
            if (!_frozen.Contains(false))
            {
                return StopReason.NonFinite;
            }

            history.Add(values, _frozen);
            Epoch++;
            if (Options.SnapshotInterval is { } interval && history.Count % interval == 0)
            {
                _engines.Publish();
                history.Snapshot();
            }

            var inCall = history.Count;
            if (progress is not null && (Epoch % Options.ReportInterval == 0 || inCall == epochsInCall))
            {
                // The report may read or change the parameters: the tensors are the truth while it runs.
                _engines.Publish();
                var report = new EpochReport(Epoch, inCall, epochsInCall, history.Losses[^1]);
                TorchGate.Outside(() => progress.Report(report));
            }
            else
            {
                // Other threads waiting for the lock (a trainer, a disposal) take their turn between epochs.
                TorchGate.Yield();
            }

            // The report, or another thread, may have disposed the model.
            ThrowIfModelDisposed();
        }

        return StopReason.Completed;
    }

    /// <summary>
    /// One epoch. An engine that makes no TorchSharp calls runs it without the library's lock when another thread
    /// waits for it, so that trainers on other threads go on meanwhile.
    /// </summary>
    private void RunEpoch(ITrainingEngine engine, EpochPlan plan, double[] values)
    {
        if (engine.UsesTorchSharp || !TorchGate.HasWaiters)
        {
            engine.RunEpoch(plan, values, _frozen);
            return;
        }

        TorchGate.Outside(() => engine.RunEpoch(plan, values, _frozen));
    }

    /// <summary>Throws when mini-batches are asked for but <paramref name="loss"/> is not a mean over samples.</summary>
    private void ThrowIfNotBatchable(ScoreLoss loss)
    {
        if (Options.BatchSize is not null && loss.SampleCount is null)
        {
            throw new ArgumentException($"Mini-batches need a loss that is a mean over samples; {loss.GetType().Name} is not (its SampleCount is null).", nameof(loss));
        }
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

    /// <summary>
    /// Checks, on a probe batch, that the model has parameters and keeps the shape of its input (with a leading member
    /// dimension for an ensemble, whose parameters must have one too).
    /// </summary>
    private static void ThrowIfNotAScoreModel(IScoreModel model)
    {
        var parameters = model.NamedParameters().ToArray();
        if (parameters.Length == 0)
        {
            throw new ArgumentException("The model has no parameters to train.", nameof(model));
        }

        var members = model.Members;
        if (members < 1 || (members > 1 && parameters.Any(p => p.Parameter.dim() == 0 || p.Parameter.size(0) != members)))
        {
            throw new ArgumentException($"A model of {members} members must have a leading dimension of {members} in every parameter.", nameof(model));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var probe = zeros([2, model.Dimension], model.DType, model.Device);
        long[] expected = members == 1 ? [2, model.Dimension] : [members, 2, model.Dimension];
        long[] shape;
        try
        {
            shape = model.Score(probe).shape;
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"The model does not map a batch of shape [2, {model.Dimension}] to scores of shape [{string.Join(", ", expected)}]: {e.Message}", nameof(model), e);
        }

        // An ensemble of one may keep its member dimension.
        if (!shape.SequenceEqual(expected) && !(members == 1 && shape.SequenceEqual(new long[] { 1, 2, model.Dimension })))
        {
            throw new ArgumentException($"The model maps a batch of shape [2, {model.Dimension}] to shape [{string.Join(", ", shape)}]; a score model of {members} member(s) must give [{string.Join(", ", expected)}].", nameof(model));
        }
    }

    /// <summary>The record of one call: the model's and each member's losses, and the snapshots.</summary>
    private sealed class History
    {
        private readonly Trainer _trainer;
        private readonly int _firstEpoch;
        private readonly List<double> _losses;
        private readonly List<ModelSnapshot> _snapshots = [];

        public History(Trainer trainer, int epochs)
        {
            _trainer = trainer;
            _firstEpoch = trainer.Epoch;
            var capacity = Math.Min(epochs, InitialHistoryCapacity);
            _losses = new List<double>(capacity);
            MemberLosses = Enumerable.Range(0, trainer.Model.Members).Select(_ => new List<double>(capacity)).ToArray();
            if (trainer.Options.SnapshotInterval is not null)
            {
                Snapshot();
            }
        }

        public List<double>[] MemberLosses { get; }

        public IReadOnlyList<double> Losses => _losses;

        public int Count => _losses.Count;

        /// <summary>Records an epoch: each member's finite loss, and their mean as the model's.</summary>
        public void Add(double[] values, bool[] frozen)
        {
            var (sum, count) = (0.0, 0);
            for (var k = 0; k < values.Length; k++)
            {
                if (!frozen[k] && double.IsFinite(values[k]))
                {
                    MemberLosses[k].Add(values[k]);
                    (sum, count) = (sum + values[k], count + 1);
                }
            }

            _losses.Add(sum / count);
        }

        /// <summary>Copies the parameters, which the caller has published, as a snapshot at the trainer's epoch.</summary>
        public void Snapshot() => _snapshots.Add(new ModelSnapshot(_trainer.Epoch, ParameterSnapshot.Capture(_trainer.Model)));

        public TrainingResult ToResult(StopReason reason, IReadOnlyList<MemberHistory> members) => new(_firstEpoch, [.. _losses], reason, [.. _snapshots], members);
    }
}
