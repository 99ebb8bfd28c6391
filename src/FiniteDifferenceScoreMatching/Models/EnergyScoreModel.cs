using System.Diagnostics.CodeAnalysis;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// An energy-parametrised score model: a network E(x; θ) with one output, and the score ψ(x) = −∇ₓE(x; θ) computed
/// from it by autograd.
/// </summary>
/// <remarks>
/// <para>
/// Every loss trains it like any other score model; the losses that differentiate the score in x
/// (<see cref="Losses.ImplicitScoreMatchingLoss"/>, <see cref="Losses.SlicedScoreMatchingLoss"/>) then differentiate
/// the network three times, the finite-difference losses twice. Use a smooth activation: with ReLU the energy is
/// piecewise linear and its score piecewise constant, a field whose divergence is zero almost everywhere.
/// </para>
/// <para>
/// <see cref="Score"/> keeps the autograd graph from the parameters to the score when gradients are being recorded,
/// as a loss needs; inside <see cref="no_grad"/>, as a sampler calls it, it computes the gradient in x alone and
/// returns a tensor without a graph. The model owns its network and releases it in <see cref="Dispose"/>, unless it
/// was given a module it does not own.
/// </para>
/// </remarks>
public sealed class EnergyScoreModel : IEnergyScoreModel
{
    private readonly nn.Module<Tensor, Tensor> _energy;
    private readonly bool _ownsModule;
    private bool _disposed;

    /// <summary>
    /// Creates a fully connected energy network d → hidden widths → 1 whose initial parameters are drawn from a
    /// generator made from <paramref name="seed"/>.
    /// </summary>
    /// <param name="seed">The seed of the initialisation.</param>
    /// <param name="options">The architecture; <see langword="null"/> for the defaults of <see cref="MlpOptions"/> with the softplus activation.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their required first parameter (a seed or a module), so no call is ambiguous.")]
    public EnergyScoreModel(long seed, MlpOptions? options = null)
    {
        var architecture = options ?? new MlpOptions { Activation = Activation.Softplus };
        architecture.Validate();
        using var gate = TorchGate.Enter();
        using var generator = new Generator(unchecked((ulong)seed));
        _energy = DenseLayer.Stack(architecture.Dimension, 1, architecture, generator);
        _ownsModule = true;
        Dimension = architecture.Dimension;
        DType = architecture.DType;
        Device = CPU;
    }

    /// <summary>Wraps a module that maps a batch of points, [N, d], to their energies, [N] or [N, 1].</summary>
    /// <param name="energy">A module with at least one parameter, all of one dtype and on one device.</param>
    /// <param name="dimension">The number of coordinates d of a point; at least 1.</param>
    /// <param name="ownsModule">Whether <see cref="Dispose"/> disposes the module too.</param>
    /// <exception cref="ArgumentNullException"><paramref name="energy"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The module has no parameters, they differ in dtype or device, or it does not map a batch of shape [2, d] to two energies.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their required first parameter (a seed or a module), so no call is ambiguous.")]
    public EnergyScoreModel(nn.Module<Tensor, Tensor> energy, int dimension, bool ownsModule = true)
    {
        ArgumentNullException.ThrowIfNull(energy);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        using var gate = TorchGate.Enter();
        var parameters = energy.parameters().ToList();
        if (parameters.Count == 0)
        {
            throw new ArgumentException("The module has no parameters to train.", nameof(energy));
        }

        DType = parameters[0].dtype;
        Device = parameters[0].device;
        if (parameters.Any(p => p.dtype != DType || p.device.ToString() != Device.ToString()))
        {
            throw new ArgumentException($"The module's parameters must share one dtype and device; the first is {DType} on {Device}.", nameof(energy));
        }

        Dimension = dimension;
        _energy = energy;
        ThrowIfNotScalarPerPoint();
        _ownsModule = ownsModule;
    }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public ScalarType DType { get; }

    /// <inheritdoc />
    public Device Device { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="x"/> is of another shape, dtype or device.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public Tensor Energy(Tensor x)
    {
        using var gate = TorchGate.Enter();
        ThrowIfUnusable(x);
        using var scope = NewDisposeScope();
        return Evaluate(x).MoveToOuterDisposeScope();
    }

    /// <summary>Evaluates ψ(x) = −∇ₓE(x) at every point of a batch.</summary>
    /// <param name="x">The points, [N, d] (or [N] when d = 1), of the model's dtype and device; not disposed.</param>
    /// <returns>
    /// A new tensor of the shape of <paramref name="x"/>, owned by the caller; with the graph back to the parameters
    /// (and to <paramref name="x"/>, if it requires gradients) when gradients are being recorded, without one otherwise.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is of another shape, dtype or device.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public Tensor Score(Tensor x)
    {
        using var gate = TorchGate.Enter();
        ThrowIfUnusable(x);
        var recording = is_grad_enabled();
        using var scope = NewDisposeScope();
        using var enabled = enable_grad();
        var point = recording && x.requires_grad ? x : x.detach().requires_grad_(true);
        var gradient = autograd.grad([Evaluate(point).sum()], [point], retain_graph: recording, create_graph: recording)[0];
        return gradient.neg().MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _energy.named_parameters();
    }

    /// <summary>Releases the network's parameters, if the model owns them.</summary>
    public void Dispose()
    {
        using var gate = TorchGate.Enter();
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_ownsModule)
        {
            _energy.Dispose();
        }
    }

    /// <summary>Gets the energy network E, the module the model evaluates.</summary>
    internal nn.Module<Tensor, Tensor> Network => _energy;

    /// <summary>The energies of a batch as a vector, the points reshaped to [N, d] for the network.</summary>
    private Tensor Evaluate(Tensor x) => _energy.call(x.reshape(-1, Dimension)).reshape(-1);

    private void ThrowIfUnusable(Tensor x)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ScoreInput.ThrowIfInvalid(x, DType, Device, Dimension, "model");
    }

    private void ThrowIfNotScalarPerPoint()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long[] shape;
        try
        {
            shape = _energy.call(zeros([2, Dimension], DType, Device)).shape;
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            throw new ArgumentException($"The module cannot take a batch of shape [2, {Dimension}]: {e.Message.Split('\n')[0]}", "energy", e);
        }

        if (!(shape.SequenceEqual([2L]) || shape.SequenceEqual([2L, 1L])))
        {
            throw new ArgumentException($"The module maps a batch of shape [2, {Dimension}] to shape [{string.Join(", ", shape)}]; an energy is one number per point, [2] or [2, 1].", "energy");
        }
    }
}
