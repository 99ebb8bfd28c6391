using System.Runtime.CompilerServices;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// Adam on a finite-difference loss of a network with one hidden layer on the CPU (one network, or each member of an
/// ensemble), with the objective, its gradient and the update computed in managed code, in double precision, by the
/// loss's <see cref="IFusedObjective"/> (<see cref="OneHiddenLayerObjectiveKernel"/> for 1 → H → 1,
/// <see cref="DenseNetworkKernel"/> for d → H → d) and <see cref="ManagedAdam"/>: an epoch makes no tensor, and calls
/// TorchSharp only to draw the random numbers of an objective that needs them.
/// </summary>
/// <remarks>
/// <para>
/// The members' parameters and Adam moments live in managed arrays while the engine runs, member after member, each
/// rounded to the model's dtype where it is stored; <see cref="Publish"/> writes them into the parameters and the
/// trainer's Adam state, and <see cref="Refresh"/> reads them back. It gives the same losses and parameters as
/// TorchSharp up to rounding (about 1e-12 per epoch in float64).
/// </para>
/// <para>
/// The update is Adam's with β = (0.9, 0.999) and ε = 1e-8, the trainer's default; an Adam with other settings
/// (restored from a checkpoint, say) is left to TorchSharp. A member whose loss or update is not finite changes
/// nothing, not even its moments, and is frozen.
/// </para>
/// </remarks>
internal sealed class FusedEngine : ITrainingEngine
{
    private readonly IFusableNetwork _network;
    private readonly ScoreLoss _loss;
    private readonly IFusedObjective _objective;
    private readonly Generator _generator;
    private readonly ScalarType _dtype;
    private readonly Slot[] _slots;
    private readonly Adam.State[] _states;
    private readonly int _members;
    private readonly int _length;
    private readonly bool _single;
    private readonly double _learningRate;
    private readonly AdamArrays _state;
    private readonly AdamArrays _next;
    private readonly double[] _gradient;
    private readonly double[] _buffer;
    private long _step;

    private FusedEngine(IFusableNetwork network, NetworkLayout layout, ScoreLoss loss, IFusedObjective objective, Generator generator, Slot[] slots, Adam.State[] states, double learningRate)
    {
        _network = network;
        _loss = loss;
        _objective = objective;
        _generator = generator;
        _dtype = layout.DType;
        _slots = slots;
        _states = states;
        _members = layout.Members;
        _length = objective.ParameterCount;
        _single = layout.DType == ScalarType.Float32;
        _learningRate = learningRate;
        _state = new AdamArrays(_members * _length);
        _next = new AdamArrays(_length);
        _gradient = new double[_length];
        _buffer = new double[slots.Max(s => _members * s.Length)];
        Refresh();
    }

    /// <inheritdoc />
    public ScoreLoss Loss => _loss;

    /// <inheritdoc />
    public bool UsesTorchSharp => _objective.Draws;

    /// <summary>
    /// The fused engine for <paramref name="loss"/> on <paramref name="model"/>, or <see langword="null"/> when it does
    /// not apply: another optimizer than the default Adam, a network it does not cover (<see cref="NetworkLayout.Of"/>),
    /// or a loss with no managed objective for that network (<see cref="IFusableLoss"/>), full batch or in batches as asked.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">δ vanishes next to the loss's points in the model's dtype.</exception>
    public static FusedEngine? TryCreate(IScoreModel model, ScoreLoss loss, TrainerOptions options, optim.Optimizer optimizer, Parameter[] parameters, Generator generator, bool batched)
    {
        if (options.Engine != TrainingEngine.Automatic || options.OptimizerFactory is not null || optimizer is not Adam adam
            || ManagedAdam.LearningRate(adam) is not { } learningRate
            || model is not IFusableNetwork { Layout: { } layout } network
            || loss is not IFusableLoss fusable
            || fusable.CreateObjective(layout, batched) is not { } objective)
        {
            return null;
        }

        var states = adam.state_dict().State.OfType<Adam.State>().ToArray();
        if (states.Length != parameters.Length || states.Any(s => s.step != states[0].step))
        {
            return null;
        }

        var slots = new Slot[parameters.Length];
        for (var p = 0; p < parameters.Length; p++)
        {
            var block = Array.FindIndex(layout.Blocks.ToArray(), b => b.Handle == parameters[p].Handle);
            if (block < 0)
            {
                return null;
            }

            var (offset, length) = objective.Block(block);
            var size = layout.Members * length;
            if (!ManagedAdam.Storable(parameters[p], layout.DType, size)
                || !ManagedAdam.Storable(states[p].exp_avg, layout.DType, size) || !ManagedAdam.Storable(states[p].exp_avg_sq, layout.DType, size))
            {
                return null;
            }

            slots[p] = new Slot(parameters[p], states[p], offset, length);
        }

        return new FusedEngine(network, layout, loss, objective, generator, slots, states, learningRate);
    }

    /// <inheritdoc />
    public void RunEpoch(EpochPlan plan, double[] values, bool[] frozen)
    {
        ThrowIfDisposed();
        _objective.DrawEpoch(plan, _generator, _dtype);
        var steps = plan.Batched ? (plan.Count + plan.BatchSize - 1) / plan.BatchSize : 1;
        var order = plan.Batched ? plan.ManagedOrder : default;
        for (var k = 0; k < _members; k++)
        {
            values[k] = double.NaN;
            if (frozen[k])
            {
                continue;
            }

            if (!plan.Batched)
            {
                frozen[k] = !TryUpdate(k, _step + 1, default, 0, out values[k]);
                continue;
            }

            var total = 0.0;
            for (var (b, start) = (0, 0); b < steps && !frozen[k]; b++, start += plan.BatchSize)
            {
                var size = Math.Min(plan.BatchSize, plan.Count - start);
                frozen[k] = !TryUpdate(k, _step + b + 1, order.Slice(start, size), b, out var batchLoss);
                total += batchLoss * size;
            }

            values[k] = frozen[k] ? double.NaN : total / plan.Count;
        }

        _step += steps;
    }

    /// <inheritdoc />
    /// <remarks>An objective that draws takes its numbers from the loss's own generator, as the loss does when evaluated alone.</remarks>
    public void Evaluate(double[] values)
    {
        ThrowIfDisposed();
        _objective.DrawEpoch(EpochPlan.FullBatch, _loss.OwnRandomSource(CPU), _dtype);
        for (var k = 0; k < _members; k++)
        {
            values[k] = ManagedAdam.InDType(_objective.Evaluate(_state.Parameters.AsSpan(k * _length, _length), _gradient, default, 0), _single);
        }
    }

    /// <inheritdoc />
    public void Publish()
    {
        ThrowIfDisposed();
        foreach (var slot in _slots)
        {
            Scatter(_state.Parameters, slot.Parameter, slot);
            Scatter(_state.Mean, slot.State.exp_avg, slot);
            Scatter(_state.Square, slot.State.exp_avg_sq, slot);
        }

        foreach (var state in _states)
        {
            state.step = _step;
        }
    }

    /// <inheritdoc />
    public void Refresh()
    {
        ThrowIfDisposed();
        _step = _states[0].step;
        foreach (var slot in _slots)
        {
            Gather(slot.Parameter, _state.Parameters, slot);
            Gather(slot.State.exp_avg, _state.Mean, slot);
            Gather(slot.State.exp_avg_sq, _state.Square, slot);
        }
    }

    /// <summary>
    /// One update of member <paramref name="member"/> on the batch (all the points when empty), the epoch's step
    /// <paramref name="stepInEpoch"/>: its loss and gradient, then Adam's step number <paramref name="step"/>. Returns
    /// false, changing nothing, when either is not finite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryUpdate(int member, long step, ReadOnlySpan<long> batch, int stepInEpoch, out double value)
    {
        var parameters = _state.Parameters.AsSpan(member * _length, _length);
        var mean = _state.Mean.AsSpan(member * _length, _length);
        var square = _state.Square.AsSpan(member * _length, _length);
        var loss = _objective.Evaluate(parameters, _gradient, batch, stepInEpoch);
        value = ManagedAdam.InDType(loss, _single);
        if (!double.IsFinite(value)
            || !ManagedAdam.TryStep(_gradient, parameters, mean, square, _next.Parameters, _next.Mean, _next.Square, step, _learningRate, _single))
        {
            value = double.NaN;
            return false;
        }

        _next.Parameters.CopyTo(parameters);
        _next.Mean.CopyTo(mean);
        _next.Square.CopyTo(square);
        return true;
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_network.IsDisposed, _network);
        _loss.ThrowIfDisposed();
    }

    /// <summary>Copies a tensor of K blocks into the members' flat vectors.</summary>
    private void Gather(Tensor tensor, double[] members, Slot slot)
    {
        var buffer = _buffer.AsSpan(0, _members * slot.Length);
        ManagedAdam.Read(tensor, buffer, _single);
        for (var k = 0; k < _members; k++)
        {
            buffer.Slice(k * slot.Length, slot.Length).CopyTo(members.AsSpan((k * _length) + slot.Offset, slot.Length));
        }
    }

    /// <summary>Copies the members' flat vectors into a tensor of K blocks.</summary>
    private void Scatter(double[] members, Tensor tensor, Slot slot)
    {
        var buffer = _buffer.AsSpan(0, _members * slot.Length);
        for (var k = 0; k < _members; k++)
        {
            members.AsSpan((k * _length) + slot.Offset, slot.Length).CopyTo(buffer.Slice(k * slot.Length, slot.Length));
        }

        ManagedAdam.Write(tensor, buffer, _single);
    }

    /// <summary>A parameter tensor, its Adam state, and where each member's block of it sits in the member's flat vector.</summary>
    private readonly record struct Slot(Parameter Parameter, Adam.State State, int Offset, int Length);
}
