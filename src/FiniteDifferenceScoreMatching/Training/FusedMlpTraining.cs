using System.Runtime.CompilerServices;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// Adam on a finite-difference loss of an <see cref="MlpScoreModel"/> with one hidden layer on the CPU, full batch or
/// in mini-batches,
/// with the objective, its gradient and the Adam update computed in managed code
/// (<see cref="OneHiddenLayerObjectiveKernel"/>): an update makes no tensor and no autograd graph, only a copy of
/// the new parameters and optimizer state into their tensors (a mini-batch epoch also draws its order with
/// TorchSharp's <c>randperm</c>, as the general path does).
/// </summary>
/// <remarks>
/// <para>
/// The state lives in the model's parameters and in the trainer's TorchSharp Adam optimizer, as on the general
/// path: it is read from them when a run starts and after every progress report, and written back after every
/// update, so snapshots, progress callbacks (which may also change the parameters), checkpoints and a later run on
/// the general path all see the same state. Values are computed in double precision
/// and rounded to the model's dtype where they are stored.
/// </para>
/// <para>
/// A trainer keeps the instance of the last loss it trained on this path, so that runs on the same loss make the
/// kernel's padded copies of the points once.
/// </para>
/// <para>
/// The update is Adam's, with the β = (0.9, 0.999) and ε = 1e-8 of the trainer's default optimizer; an Adam with
/// other settings (restored from a checkpoint, say) takes the general path. An update whose loss or parameters are
/// not finite changes nothing, not even the optimizer's state (which the general path would have advanced), and
/// reports the divergence.
/// </para>
/// </remarks>
internal sealed class FusedMlpTraining
{
    private readonly MlpScoreModel _model;
    private readonly ScoreLoss _loss;
    private readonly OneHiddenLayerObjectiveKernel _kernel;
    private readonly StoredTensor[] _stored;
    private readonly Adam.State[] _states;
    private readonly bool _single;
    private readonly double _learningRate;
    private readonly double[] _gradient;
    private AdamArrays _state;
    private AdamArrays _next;
    private long _step;

    private FusedMlpTraining(MlpScoreModel model, ScoreLoss loss, OneHiddenLayerObjectiveKernel kernel, StoredTensor[] stored, Adam.State[] states, double learningRate)
    {
        _model = model;
        _loss = loss;
        _kernel = kernel;
        _stored = stored;
        _states = states;
        _single = model.DType == ScalarType.Float32;
        _learningRate = learningRate;
        var count = kernel.ParameterCount;
        _gradient = new double[count];
        _state = new AdamArrays(count);
        _next = new AdamArrays(count);
        Reload();
    }

    /// <summary>Gets the loss this path evaluates.</summary>
    public ScoreLoss Loss => _loss;

    /// <summary>Gets the network this path trains.</summary>
    public MlpScoreModel Model => _model;

    /// <summary>
    /// Reads the parameters and the optimizer state from their tensors again, so that a run sees what changed since
    /// the last one (a restored snapshot, a run on the general path).
    /// </summary>
    public void Reload()
    {
        ObjectDisposedException.ThrowIf(_model.IsDisposed, _model);
        _step = _states[0].step;
        foreach (var entry in _stored)
        {
            ManagedAdam.Read(entry.Parameter, _state.Parameters.AsSpan(entry.Offset, entry.Length), _single);
            ManagedAdam.Read(entry.State.exp_avg, _state.Mean.AsSpan(entry.Offset, entry.Length), _single);
            ManagedAdam.Read(entry.State.exp_avg_sq, _state.Square.AsSpan(entry.Offset, entry.Length), _single);
        }
    }

    /// <summary>
    /// Returns the fused path for one run, or <see langword="null"/> when the run must take the general path: another
    /// optimizer than the default Adam, another model than an <see cref="MlpScoreModel"/> on the CPU that this path
    /// <see cref="Covers"/>, a loss that is not a finite-difference objective, or mini-batches of a loss that is not
    /// a mean over samples.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">δ vanishes next to the loss's points in the model's dtype.</exception>
    public static FusedMlpTraining? TryCreate(IScoreModel model, ScoreLoss loss, TrainerOptions options, Parameter[] parameters, optim.Optimizer optimizer, bool fullBatch)
    {
        if (!Batches(loss, fullBatch) || options.OptimizerFactory is not null || optimizer is not Adam adam
            || model is not MlpScoreModel mlp || mlp.Device.type != TorchSharp.DeviceType.CPU || !Covers(mlp)
            || loss.FiniteDifferenceObjective is not { } objective)
        {
            return null;
        }

        ObjectDisposedException.ThrowIf(mlp.IsDisposed, mlp);
        loss.ThrowIfDisposed();
        objective.ThrowIfDeltaVanishes(mlp.DType);
        var states = adam.state_dict().State.OfType<Adam.State>().ToArray();
        if (ManagedAdam.LearningRate(adam) is not { } learningRate
            || states.Length != parameters.Length || states.Any(s => s.step != states[0].step))
        {
            return null;
        }

        // The width comes from the layer itself: the options' list of widths is the caller's and could have changed.
        var kernel = new OneHiddenLayerObjectiveKernel((int)mlp.Layers[0].Weight.shape[0], mlp.Options.Activation, objective);

        var stored = new StoredTensor[parameters.Length];
        for (var p = 0; p < parameters.Length; p++)
        {
            if (Locate(mlp, kernel, parameters[p]) is not { } place || !ManagedAdam.Storable(parameters[p], mlp.DType, place.Length)
                || !ManagedAdam.Storable(states[p].exp_avg, mlp.DType, place.Length) || !ManagedAdam.Storable(states[p].exp_avg_sq, mlp.DType, place.Length))
            {
                return null;
            }

            stored[p] = new StoredTensor(parameters[p], states[p], place.Offset, place.Length);
        }

        return new FusedMlpTraining(mlp, loss, kernel, stored, states, learningRate);
    }

    /// <summary>
    /// Runs one full-batch epoch: the loss and its gradient at the current parameters, then one Adam step. Returns
    /// false, with nothing changed, when the loss or the updated parameters are not finite.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The model or the loss has been disposed.</exception>
    public bool Update(out double value)
    {
        ThrowIfDisposed();
        value = ManagedAdam.InDType(_kernel.Evaluate(_state.Parameters, _gradient), _single);
        return Step(value);
    }

    /// <summary>
    /// Runs one update on the mini-batch of the samples at <paramref name="batch"/>: the mean loss over the batch and
    /// its gradient, then one Adam step. Returns false, with nothing changed, when the loss or the updated parameters
    /// are not finite.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The model or the loss has been disposed.</exception>
    public bool Update(ReadOnlySpan<long> batch, out double value)
    {
        ThrowIfDisposed();
        value = ManagedAdam.InDType(_kernel.Evaluate(_state.Parameters, _gradient, batch), _single);
        return Step(value);
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_model.IsDisposed, _model);
        _loss.ThrowIfDisposed();
    }

    /// <summary>One Adam step on the gradient just computed, whose loss is <paramref name="value"/>; writes the new state into the tensors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Step(double value)
    {
        if (!double.IsFinite(value))
        {
            return false;
        }

        var step = _step + 1;
        if (!ManagedAdam.TryStep(_gradient, _state.Parameters, _state.Mean, _state.Square, _next.Parameters, _next.Mean, _next.Square, step, _learningRate, _single))
        {
            return false;
        }

        (_state, _next) = (_next, _state);
        _step = step;
        foreach (var entry in _stored)
        {
            ManagedAdam.Write(entry.Parameter, _state.Parameters.AsSpan(entry.Offset, entry.Length), _single);
            ManagedAdam.Write(entry.State.exp_avg, _state.Mean.AsSpan(entry.Offset, entry.Length), _single);
            ManagedAdam.Write(entry.State.exp_avg_sq, _state.Square.AsSpan(entry.Offset, entry.Length), _single);
        }

        foreach (var state in _states)
        {
            state.step = step;
        }

        return true;
    }

    /// <summary>
    /// Whether the fused path is the faster one for networks of this shape, as measured on 1,024 and 16,384 samples
    /// with 8 to 64 hidden units: for one hidden layer it is, by 3 times or more with ReLU and by 1.02 to 7 times with
    /// tanh, SiLU and float64 softplus; softplus in float32 is left to TorchSharp, whose single-precision exp and log
    /// were up to 1.5 times faster than this kernel's double-precision ones, and deeper networks to its matrix products.
    /// </summary>
    internal static bool Covers(MlpScoreModel model) =>
        model.Dimension == 1 && model.Layers.Count == 2 && !(model.Options.Activation == Activation.Softplus && model.DType == ScalarType.Float32);

    /// <summary>
    /// Whether this path can run epochs of <paramref name="loss"/> as asked: a full batch always, mini-batches only
    /// of a loss that is a mean over samples.
    /// </summary>
    internal static bool Batches(ScoreLoss loss, bool fullBatch) => fullBatch || loss.FiniteDifferenceObjective is { IsSampleMean: true };

    private static (int Offset, int Length)? Locate(MlpScoreModel model, OneHiddenLayerObjectiveKernel kernel, Parameter parameter)
    {
        for (var l = 0; l < model.Layers.Count; l++)
        {
            var layer = model.Layers[l];
            if (layer.Weight.Handle == parameter.Handle)
            {
                return (kernel.WeightOffset(l), (int)parameter.numel());
            }

            if (layer.Bias.Handle == parameter.Handle)
            {
                return (kernel.BiasOffset(l), (int)parameter.numel());
            }
        }

        return null;
    }

    private readonly record struct StoredTensor(Parameter Parameter, Adam.State State, int Offset, int Length);
}
