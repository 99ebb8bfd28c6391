using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// The fused path of <see cref="EnsembleTrainer"/>: every member of an <see cref="MlpEnsemble"/> with one hidden layer
/// on the CPU, trained on a finite-difference loss with Adam's default settings, one member after another through
/// <see cref="OneHiddenLayerObjectiveKernel"/> and <see cref="ManagedAdam"/>, with no tensor per epoch.
/// </summary>
/// <remarks>
/// <para>
/// The members' parameters and Adam moments are kept member by member in managed arrays, read from the stacked
/// tensors when a run starts and written back into them after every epoch, so the ensemble, its snapshots and a later
/// run on the general path see the same state. Member k's flat vector is [W₁ (H), b₁ (H), W₂ (H), b₂], which is
/// element k·H … k·H + H − 1 of the stacked [K, 1, H], [K, 1, H] and [K, H, 1] tensors and element k of [K, 1, 1].
/// </para>
/// <para>
/// A member whose loss or updated parameters are not finite gets NaN in all its parameters and moments (the general
/// path's Adam would make some of them NaN or infinite): its losses are NaN from then on, from the same epoch as on
/// the general path, and the other members go on unaffected. Losses are rounded to the ensemble's dtype, so that a
/// float32 loss beyond float32's range is infinite, as on the general path.
/// </para>
/// </remarks>
internal sealed class FusedEnsembleTraining
{
    private readonly MlpEnsemble _ensemble;
    private readonly ScoreLoss _loss;
    private readonly OneHiddenLayerObjectiveKernel _kernel;
    private readonly StoredTensor[] _stored;
    private readonly Adam.State[] _states;
    private readonly bool _single;
    private readonly double _learningRate;
    private readonly int _length;
    private readonly AdamArrays _members;
    private readonly AdamArrays _next;
    private readonly double[] _gradient;
    private readonly double[] _buffer;
    private long _step;

    private FusedEnsembleTraining(MlpEnsemble ensemble, ScoreLoss loss, OneHiddenLayerObjectiveKernel kernel, StoredTensor[] stored, Adam.State[] states, double learningRate)
    {
        _ensemble = ensemble;
        _loss = loss;
        _kernel = kernel;
        _stored = stored;
        _states = states;
        _single = ensemble.DType == ScalarType.Float32;
        _learningRate = learningRate;
        _length = kernel.ParameterCount;
        _members = new AdamArrays(ensemble.Count * _length);
        _next = new AdamArrays(_length);
        _gradient = new double[_length];
        _buffer = new double[stored.Max(s => ensemble.Count * s.Length)];
    }

    /// <summary>Gets the loss this path evaluates.</summary>
    public ScoreLoss Loss => _loss;

    /// <summary>
    /// Returns the fused path for <paramref name="loss"/>, or <see langword="null"/> when it must take the general
    /// path: another optimizer than Adam with its default settings, more than one hidden layer, softplus in float32
    /// (as for <see cref="Trainer"/>), or a loss that is not a finite-difference objective.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">δ vanishes next to the loss's points in the ensemble's dtype.</exception>
    /// <exception cref="ObjectDisposedException">The ensemble or the loss has been disposed.</exception>
    public static FusedEnsembleTraining? TryCreate(MlpEnsemble ensemble, IEnsembleLoss loss, TrainerOptions options, optim.Optimizer optimizer)
    {
        ObjectDisposedException.ThrowIf(ensemble.IsDisposed, ensemble);
        if (options.OptimizerFactory is not null || ManagedAdam.LearningRate(optimizer) is not { } learningRate
            || loss is not ScoreLoss { FiniteDifferenceObjective: { } objective } scoreLoss
            || ensemble.Weights.Count != 2 || ensemble.Device.type != TorchSharp.DeviceType.CPU
            || (ensemble.Options.Activation == Activation.Softplus && ensemble.DType == ScalarType.Float32))
        {
            return null;
        }

        scoreLoss.ThrowIfDisposed();
        objective.ThrowIfDeltaVanishes(ensemble.DType);
        var hidden = (int)ensemble.Weights[0].shape[2];
        var kernel = new OneHiddenLayerObjectiveKernel(hidden, ensemble.Options.Activation, objective);
        var parameters = ensemble.NamedParameters().Select(p => p.Parameter).ToArray();
        var states = ((Adam)optimizer).state_dict().State.OfType<Adam.State>().ToArray();
        if (states.Length != parameters.Length || states.Any(s => s.step != states[0].step))
        {
            return null;
        }

        (Parameter Tensor, int Offset, int Length)[] layout =
        [
            (ensemble.Weights[0], kernel.WeightOffset(0), hidden),
            (ensemble.Biases[0], kernel.BiasOffset(0), hidden),
            (ensemble.Weights[1], kernel.WeightOffset(1), hidden),
            (ensemble.Biases[1], kernel.BiasOffset(1), 1),
        ];
        var stored = new StoredTensor[parameters.Length];
        for (var p = 0; p < parameters.Length; p++)
        {
            var place = layout.FirstOrDefault(l => l.Tensor.Handle == parameters[p].Handle);
            var size = ensemble.Count * place.Length;
            if (place.Tensor is null || !ManagedAdam.Storable(parameters[p], ensemble.DType, size)
                || !ManagedAdam.Storable(states[p].exp_avg, ensemble.DType, size) || !ManagedAdam.Storable(states[p].exp_avg_sq, ensemble.DType, size))
            {
                return null;
            }

            stored[p] = new StoredTensor(parameters[p], states[p], place.Offset, place.Length);
        }

        return new FusedEnsembleTraining(ensemble, scoreLoss, kernel, stored, states, learningRate);
    }

    /// <summary>Reads the members' parameters and Adam moments from the stacked tensors.</summary>
    /// <exception cref="ObjectDisposedException">The ensemble or the loss has been disposed.</exception>
    public void Reload()
    {
        ThrowIfDisposed();
        _step = _states[0].step;
        foreach (var entry in _stored)
        {
            Gather(entry.Parameter, _members.Parameters, entry);
            Gather(entry.State.exp_avg, _members.Mean, entry);
            Gather(entry.State.exp_avg_sq, _members.Square, entry);
        }
    }

    /// <summary>
    /// Runs one epoch: each member's loss and gradient, then one Adam step for every member, written into the tensors.
    /// </summary>
    /// <returns>Each member's loss before the update (NaN for a member whose parameters are not finite).</returns>
    /// <exception cref="ObjectDisposedException">The ensemble or the loss has been disposed.</exception>
    public double[] Update()
    {
        ThrowIfDisposed();
        var count = _ensemble.Count;
        var values = new double[count];
        var step = _step + 1;
        for (var k = 0; k < count; k++)
        {
            var parameters = _members.Parameters.AsSpan(k * _length, _length);
            var mean = _members.Mean.AsSpan(k * _length, _length);
            var square = _members.Square.AsSpan(k * _length, _length);
            values[k] = ManagedAdam.InDType(_kernel.Evaluate(parameters, _gradient), _single);
            if (double.IsFinite(values[k])
                && ManagedAdam.TryStep(_gradient, parameters, mean, square, _next.Parameters, _next.Mean, _next.Square, step, _learningRate, _single))
            {
                _next.Parameters.CopyTo(parameters);
                _next.Mean.CopyTo(mean);
                _next.Square.CopyTo(square);
            }
            else
            {
                parameters.Fill(double.NaN);
                mean.Fill(double.NaN);
                square.Fill(double.NaN);
            }
        }

        _step = step;
        foreach (var entry in _stored)
        {
            Scatter(_members.Parameters, entry.Parameter, entry);
            Scatter(_members.Mean, entry.State.exp_avg, entry);
            Scatter(_members.Square, entry.State.exp_avg_sq, entry);
        }

        foreach (var state in _states)
        {
            state.step = step;
        }

        return values;
    }

    /// <summary>Evaluates each member's loss at the parameters the tensors hold, without changing anything.</summary>
    /// <exception cref="ObjectDisposedException">The ensemble or the loss has been disposed.</exception>
    public double[] Evaluate()
    {
        ThrowIfDisposed();
        foreach (var entry in _stored)
        {
            Gather(entry.Parameter, _members.Parameters, entry);
        }

        var values = new double[_ensemble.Count];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = ManagedAdam.InDType(_kernel.Evaluate(_members.Parameters.AsSpan(k * _length, _length), _gradient), _single);
        }

        return values;
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_ensemble.IsDisposed, _ensemble);
        _loss.ThrowIfDisposed();
    }

    /// <summary>Copies a stacked tensor into the members' flat vectors.</summary>
    private void Gather(Tensor tensor, double[] members, StoredTensor entry)
    {
        var count = _ensemble.Count;
        var buffer = _buffer.AsSpan(0, count * entry.Length);
        ManagedAdam.Read(tensor, buffer, _single);
        for (var k = 0; k < count; k++)
        {
            buffer.Slice(k * entry.Length, entry.Length).CopyTo(members.AsSpan((k * _length) + entry.Offset, entry.Length));
        }
    }

    /// <summary>Copies the members' flat vectors into a stacked tensor.</summary>
    private void Scatter(double[] members, Tensor tensor, StoredTensor entry)
    {
        var count = _ensemble.Count;
        var buffer = _buffer.AsSpan(0, count * entry.Length);
        for (var k = 0; k < count; k++)
        {
            members.AsSpan((k * _length) + entry.Offset, entry.Length).CopyTo(buffer.Slice(k * entry.Length, entry.Length));
        }

        ManagedAdam.Write(tensor, buffer, _single);
    }

    private readonly record struct StoredTensor(Parameter Parameter, Adam.State State, int Offset, int Length);
}
