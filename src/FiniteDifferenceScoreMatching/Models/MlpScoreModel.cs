using System.Diagnostics.CodeAnalysis;
using FiniteDifferenceScoreMatching.Training.Engines;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// A fully connected score network 1 → hidden widths → 1, the model of the original example (one hidden layer of
/// 8 ReLU units by default).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Score"/> accepts points of shape [N] or [N, 1] and returns scores of the same shape.
/// </para>
/// <para>
/// Initial parameters are drawn as <see cref="MlpOptions.Initialization"/> says (by default as in the original
/// example: Glorot-uniform weights and zero biases), from the caller's generator or seed: the library never touches
/// TorchSharp's global generator, and the same seed always gives the same initial parameters.
/// </para>
/// </remarks>
public sealed class MlpScoreModel : IScoreModel, IFusableNetwork
{
    private readonly ModuleScoreModel _inner;
    private readonly DenseLayer[] _layers;
    private bool _disposed;

    /// <summary>Creates a network whose initial parameters are drawn from a generator made from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed of the initialisation.</param>
    /// <param name="options">The architecture; <see langword="null"/> for the default 1 → 8 → 1 ReLU network in float32.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their required first parameter (a seed or a generator), so no call is ambiguous.")]
    public MlpScoreModel(long seed, MlpOptions? options = null)
        : this(CreateModule(seed, options ?? new MlpOptions()))
    {
    }

    /// <summary>Creates a network whose initial parameters are drawn from <paramref name="generator"/>.</summary>
    /// <param name="generator">The random source of the initialisation; it is advanced, not disposed.</param>
    /// <param name="options">The architecture; <see langword="null"/> for the default 1 → 8 → 1 ReLU network in float32.</param>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their required first parameter (a seed or a generator), so no call is ambiguous.")]
    public MlpScoreModel(Generator generator, MlpOptions? options = null)
        : this(CreateModule(generator, options ?? new MlpOptions()))
    {
    }

    private MlpScoreModel((nn.Module<Tensor, Tensor> Module, MlpOptions Options) built)
    {
        _inner = new ModuleScoreModel(built.Module, ownsModule: true, built.Options.Dimension);
        _layers = built.Module.children().Cast<DenseLayer>().ToArray();
        Options = built.Options;
    }

    /// <summary>Gets the architecture.</summary>
    public MlpOptions Options { get; }

    /// <inheritdoc />
    public int Dimension => Options.Dimension;

    /// <inheritdoc />
    public ScalarType DType => _inner.DType;

    /// <inheritdoc />
    public Device Device => _inner.Device;

    /// <summary>Gets the number of trainable scalars: 25 for the default 1 → 8 → 1 network.</summary>
    public long ParameterCount => _inner.NamedParameters().Sum(p => p.Parameter.numel());

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="x"/> is not of shape [N] or [N, 1], or is of another dtype or device.</exception>
    public Tensor Score(Tensor x)
    {
        using var gate = TorchGate.Enter();
        ObjectDisposedException.ThrowIf(_disposed, this);
        ScoreInput.ThrowIfInvalid(x, DType, Device, Dimension, "model");
        var rank = x.dim();

        // The layers are applied directly, rather than through the module's per-call checks: the shape was checked
        // above and each layer keeps the batch dimension, so the output has the input's shape by construction.
        using var scope = NewDisposeScope();
        var h = rank == 2 ? x : x.unsqueeze(1);
        foreach (var layer in _layers)
        {
            h = layer.call(h);
        }

        return (rank == 2 ? h : h.squeeze(1)).MoveToOuterDisposeScope();
    }

    /// <summary>Gets the layers, input side first; the last one has no activation.</summary>
    internal IReadOnlyList<DenseLayer> Layers => _layers;

    /// <inheritdoc />
    bool IFusableNetwork.IsDisposed => _disposed;

    /// <inheritdoc />
    NetworkLayout? IFusableNetwork.Layout =>
        _layers.Length == 2 ? NetworkLayout.Of(Options, 1, Device, _layers[0].Weight, _layers[0].Bias, _layers[1].Weight, _layers[1].Bias) : null;

    /// <inheritdoc />
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => _inner.NamedParameters();

    /// <summary>Releases the network's parameters.</summary>
    public void Dispose()
    {
        using var gate = TorchGate.Enter();
        _disposed = true;
        _inner.Dispose();
    }

    private static (nn.Module<Tensor, Tensor>, MlpOptions) CreateModule(long seed, MlpOptions options)
    {
        options.Validate();
        using var generator = new Generator(unchecked((ulong)seed));
        return CreateModule(generator, options);
    }

    private static (nn.Module<Tensor, Tensor>, MlpOptions) CreateModule(Generator generator, MlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(options);
        using var gate = TorchGate.Enter();
        options.Validate();

        var module = DenseLayer.Stack(options.Dimension, options.Dimension, options, generator);
        return (module, options);
    }
}
