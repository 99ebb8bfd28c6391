using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// Adapts any TorchSharp <see cref="nn.Module{T, TResult}"/> that maps a batch of points to a batch of scores of the
/// same shape into an <see cref="IScoreModel"/>.
/// </summary>
/// <remarks>
/// The module's parameters must share one dtype and device. The adapter checks every input against them, and every
/// output's shape against its input's, so that a mismatched module fails with a clear exception rather than in
/// the middle of a loss.
/// </remarks>
public sealed class ModuleScoreModel : IScoreModel
{
    private readonly nn.Module<Tensor, Tensor> _module;
    private readonly bool _ownsModule;
    private bool _disposed;

    /// <summary>Wraps a module that maps points of <paramref name="dimension"/> coordinates to their scores.</summary>
    /// <param name="module">A module with at least one parameter, all of one dtype and on one device.</param>
    /// <param name="ownsModule">Whether <see cref="Dispose"/> disposes the module too.</param>
    /// <param name="dimension">The number of coordinates d of a point: the module maps [N, d] to [N, d]. At least 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is below 1.</exception>
    /// <exception cref="ArgumentException">
    /// The module has no parameters, they differ in dtype or device, or the module does not map a batch of shape
    /// [2, d] to scores of that shape.
    /// </exception>
    public ModuleScoreModel(nn.Module<Tensor, Tensor> module, bool ownsModule = true, int dimension = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        using var gate = TorchGate.Enter();
        Dimension = dimension;
        ArgumentNullException.ThrowIfNull(module);
        var parameters = module.named_parameters().ToList();
        if (parameters.Count == 0)
        {
            throw new ArgumentException("The module has no parameters to train.", nameof(module));
        }

        var (firstName, first) = parameters[0];
        DType = first.dtype;
        Device = first.device;
        foreach (var (name, parameter) in parameters)
        {
            if (parameter.dtype != DType || parameter.device.ToString() != Device.ToString())
            {
                throw new ArgumentException(
                    $"Parameter '{name}' is {parameter.dtype} on {parameter.device}, but '{firstName}' is {DType} on {Device}; all must match.",
                    nameof(module));
            }
        }

        ThrowIfShapeChanges(module, firstName);
        _module = module;
        _ownsModule = ownsModule;
    }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public ScalarType DType { get; }

    /// <inheritdoc />
    public Device Device { get; }

    /// <summary>Gets the wrapped module.</summary>
    public nn.Module<Tensor, Tensor> Module
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _module;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="x"/> is of another dtype or device than the parameters, or of a shape the module cannot take.</exception>
    /// <exception cref="InvalidOperationException">The module returned a tensor of another shape than its input.</exception>
    public Tensor Score(Tensor x)
    {
        using var gate = TorchGate.Enter();
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfIncompatible(x);
        Tensor y;
        try
        {
            y = _module.call(x);
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            throw new ArgumentException($"The module could not evaluate points of shape [{string.Join(", ", x.shape)}]: {e.Message}", nameof(x), e);
        }

        if (!y.shape.SequenceEqual(x.shape))
        {
            var shape = y.shape;
            y.Dispose();
            throw new InvalidOperationException($"The module mapped an input of shape [{string.Join(", ", x.shape)}] to shape [{string.Join(", ", shape)}]; a score model must keep the shape.");
        }

        return y;
    }

    /// <inheritdoc />
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _module.named_parameters();
    }

    /// <summary>Releases the module's native memory, if this adapter owns the module.</summary>
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
            _module.Dispose();
        }
    }

    private void ThrowIfShapeChanges(nn.Module<Tensor, Tensor> module, string firstName)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var probe = zeros([2, Dimension], DType, Device);
        long[] shape;
        try
        {
            shape = module.call(probe).shape;
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            // libtorch's own message says what did not fit (say, the sizes of a matrix product).
            throw new ArgumentException($"The module cannot score a batch of shape [2, {Dimension}]: {e.Message.Split('\n')[0]}", "module", e);
        }

        if (!shape.SequenceEqual(probe.shape))
        {
            throw new ArgumentException($"The module maps a batch of shape [2, {Dimension}] to shape [{string.Join(", ", shape)}]; a score model must keep the shape (first parameter: '{firstName}').", "module");
        }
    }

    private void ThrowIfIncompatible(Tensor x)
    {
        if (x.dtype != DType || x.device.ToString() != Device.ToString())
        {
            throw new ArgumentException($"The points are {x.dtype} on {x.device}, but the model is {DType} on {Device}.", nameof(x));
        }
    }
}
