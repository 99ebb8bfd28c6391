using FiniteDifferenceScoreMatching.Training.Engines;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// K independent score networks of the same architecture, evaluated together as one <see cref="IScoreModel"/> of K
/// <see cref="Members"/>: each layer's weights of all members are held in one tensor with a leading member dimension,
/// so that a forward pass over every member is one batched matrix product per layer. With TorchSharp, fitting K
/// initialisations this way costs a fraction of K separate fits, because networks of this size are dominated by the
/// fixed cost of each tensor operation; where the fused engine applies, the members are trained one after another in
/// managed code instead.
/// </summary>
/// <remarks>
/// <para>
/// Member k starts exactly as <c>new MlpScoreModel(seeds[k], options)</c> would: the same draws, the same values.
/// The members share no parameter, so a loss that is the sum of the members' losses gives each member the gradient
/// of its own loss; <see cref="Training.Trainer"/> trains them that way, with Adam acting on each element
/// separately, which makes every member's run the same as training it alone, up to the rounding of sums.
/// </para>
/// <para>
/// <see cref="ToModel"/> copies one member out as an ordinary <see cref="MlpScoreModel"/>. The ensemble owns its
/// parameters and releases them in <see cref="Dispose"/>.
/// </para>
/// </remarks>
public sealed class MlpEnsemble : IScoreModel, IFusableNetwork
{
    private readonly long[] _seeds;
    private readonly Parameter[] _weights;
    private readonly Parameter[] _biases;
    private bool _disposed;

    /// <summary>Creates an ensemble whose member k is initialised from <paramref name="seeds"/>[k].</summary>
    /// <param name="seeds">One seed per member: at least one.</param>
    /// <param name="options">The architecture shared by every member; <see langword="null"/> for the defaults of <see cref="MlpOptions"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="seeds"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="seeds"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public MlpEnsemble(IReadOnlyList<long> seeds, MlpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0)
        {
            throw new ArgumentException("An ensemble needs at least one seed.", nameof(seeds));
        }

        using var gate = TorchGate.Enter();
        Options = options ?? new MlpOptions();
        Options.Validate();

        _seeds = [.. seeds];
        var layerCount = Options.HiddenWidths.Count + 1;
        _weights = new Parameter[layerCount];
        _biases = new Parameter[layerCount];

        // Each member is built as a standalone network, then its layers are stacked along a new leading dimension;
        // weights are stored transposed, [K, inputs, outputs], for the batched product h·W.
        var members = _seeds.Select(seed => new MlpScoreModel(seed, Options)).ToArray();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var parameters = members.Select(m => m.NamedParameters().Select(p => p.Parameter).ToArray()).ToArray();
            for (var layer = 0; layer < layerCount; layer++)
            {
                var weight = stack(parameters.Select(p => p[2 * layer].t()).ToArray(), 0).contiguous();
                var bias = stack(parameters.Select(p => p[(2 * layer) + 1].unsqueeze(0)).ToArray(), 0).contiguous();
                _weights[layer] = new Parameter(weight.DetachFromDisposeScope());
                _biases[layer] = new Parameter(bias.DetachFromDisposeScope());
            }
        }
        finally
        {
            foreach (var member in members)
            {
                member.Dispose();
            }
        }
    }

    /// <summary>Gets the number of members, K.</summary>
    public int Members => _seeds.Length;

    /// <inheritdoc />
    public int Dimension => Options.Dimension;

    /// <summary>Gets the seed each member was initialised from.</summary>
    public IReadOnlyList<long> Seeds => _seeds;

    /// <summary>Gets the architecture shared by every member.</summary>
    public MlpOptions Options { get; }

    /// <summary>Gets the element type of the parameters.</summary>
    public ScalarType DType => Options.DType;

    /// <summary>Gets the device the parameters live on (the CPU).</summary>
    /// <exception cref="ObjectDisposedException">The ensemble has been disposed.</exception>
    public Device Device
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _weights[0].device;
        }
    }

    /// <summary>
    /// Evaluates every member's score at the points <paramref name="x"/>.
    /// </summary>
    /// <param name="x">The points: shape [N, d] (or [N] when d = 1), the ensemble's dtype and device. Not modified, not disposed.</param>
    /// <returns>
    /// A new [K, N, d] tensor ([K, N] for points of shape [N]), slice k holding member k's scores, connected to the
    /// parameters' autograd graph; the caller owns it (dispose it, or let a dispose scope of yours collect it).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> has another shape, dtype or device.</exception>
    /// <exception cref="ObjectDisposedException">The ensemble has been disposed.</exception>
    public Tensor Score(Tensor x)
    {
        using var gate = TorchGate.Enter();
        ObjectDisposedException.ThrowIf(_disposed, this);
        ScoreInput.ThrowIfInvalid(x, DType, Device, Dimension, "ensemble");

        using var scope = NewDisposeScope();

        // Every layer is a batched matrix product over the members, the points shared (expanded, not copied) in the
        // first. A broadcasting b + x·w for the first layer, one operation instead of two, was slower: its gradient
        // reduces over the broadcast dimension.
        var h = x.reshape(1, -1, Dimension).expand(Members, -1, Dimension);
        for (var layer = 0; layer < _weights.Length; layer++)
        {
            if (layer > 0)
            {
                h = ActivationFunctions.Apply(h, Options.Activation);
            }

            h = h.bmm(_weights[layer]) + _biases[layer];
        }

        return (x.dim() == 1 ? h.squeeze(2) : h).MoveToOuterDisposeScope();
    }

    /// <summary>Gets the stacked weights of each layer, [K, inputs, outputs], input side first.</summary>
    internal IReadOnlyList<Parameter> Weights => _weights;

    /// <summary>Gets the stacked biases of each layer, [K, 1, outputs], input side first.</summary>
    internal IReadOnlyList<Parameter> Biases => _biases;

    /// <inheritdoc />
    bool IFusableNetwork.IsDisposed => _disposed;

    /// <inheritdoc />
    NetworkLayout? IFusableNetwork.Layout =>
        _weights.Length == 2 ? NetworkLayout.Of(Options, Members, Device, _weights[0], _biases[0], _weights[1], _biases[1]) : null;

    /// <summary>Gets the parameters: per layer, the stacked weights [K, inputs, outputs], then the stacked biases [K, 1, outputs].</summary>
    /// <returns>The ensemble's own parameters, for an optimizer: do not dispose them.</returns>
    /// <exception cref="ObjectDisposedException">The ensemble has been disposed.</exception>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var layer = 0; layer < _weights.Length; layer++)
        {
            yield return ($"layer{layer}.weight", _weights[layer]);
            yield return ($"layer{layer}.bias", _biases[layer]);
        }
    }

    /// <summary>Copies member <paramref name="member"/> out as a standalone network with the member's current parameters.</summary>
    /// <param name="member">The member's index, from 0 to <see cref="Members"/> − 1.</param>
    /// <returns>A new model that shares no memory with the ensemble; the caller owns and disposes it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="member"/> is not a member's index.</exception>
    /// <exception cref="ObjectDisposedException">The ensemble has been disposed.</exception>
    public MlpScoreModel ToModel(int member)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, Members);
        var model = new MlpScoreModel(_seeds[member], Options);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var parameters = model.NamedParameters().Select(p => p.Parameter).ToArray();
        for (var layer = 0; layer < _weights.Length; layer++)
        {
            parameters[2 * layer].copy_(_weights[layer][member].t());
            parameters[(2 * layer) + 1].copy_(_biases[layer][member].squeeze(0));
        }

        return model;
    }

    /// <summary>Releases the parameters. Calling it again does nothing.</summary>
    public void Dispose()
    {
        using var gate = TorchGate.Enter();
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var parameter in _weights.Concat(_biases))
        {
            parameter.Dispose();
        }
    }
}
