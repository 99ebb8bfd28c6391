using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// A training objective for a score model: the strategy that a <see cref="Training.Trainer"/> minimises.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Compute"/> is the public entry point: it checks its argument, opens a dispose scope, calls
/// <see cref="ComputeCore"/>, and hands the result to the caller. A subclass implements only
/// <see cref="ComputeCore"/>: every tensor it creates there is released when the scope closes, except the loss it
/// returns.
/// </para>
/// <para>
/// Data that a loss evaluates on every call (grid points, samples, weights) is held as managed arrays and turned
/// into tensors once per dtype and device by <see cref="Column(IReadOnlyList{double}, IScoreModel)"/>; the loss owns those tensors and releases them in
/// <see cref="Dispose()"/>.
/// </para>
/// </remarks>
public abstract class ScoreLoss : IDisposable
{
    private readonly Dictionary<(object Values, ScalarType DType, TorchSharp.DeviceType Device, int Index), Tensor> _columns = new();
    private bool _disposed;

    /// <summary>Computes the loss of <paramref name="model"/>, keeping the autograd graph for a backward pass.</summary>
    /// <param name="model">The model to evaluate; not disposed.</param>
    /// <returns>A new scalar tensor, owned by the caller.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The loss has been disposed.</exception>
    /// <exception cref="InvalidOperationException"><see cref="ComputeCore"/> returned something other than a single value.</exception>
    public Tensor Compute(IScoreModel model)
    {
        using var gate = TorchGate.Enter();
        ArgumentNullException.ThrowIfNull(model);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        var loss = ComputeCore(model);
        if (loss is null)
        {
            throw new InvalidOperationException($"{GetType().Name}.ComputeCore returned null instead of a single value.");
        }

        if (loss.dim() != 0)
        {
            if (loss.numel() != 1)
            {
                throw new InvalidOperationException($"{GetType().Name}.ComputeCore must return a single value, not a tensor of shape [{string.Join(", ", loss.shape)}].");
            }

            loss = loss.reshape([]);
        }

        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Releases the tensors that the loss keeps between calls.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Gets the finite-difference objective behind the loss, for losses that are one, so that a trainer can evaluate
    /// it without tensors; <see langword="null"/> for every other loss.
    /// </summary>
    internal virtual FiniteDifferenceObjective? FiniteDifferenceObjective => null;

    /// <summary>Throws <see cref="ObjectDisposedException"/> when the loss has been disposed.</summary>
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Computes the loss inside the dispose scope that <see cref="Compute"/> opened.</summary>
    /// <param name="model">The model to evaluate, not null.</param>
    /// <returns>A tensor holding a single value; the scope hands it to the caller of <see cref="Compute"/>.</returns>
    protected abstract Tensor ComputeCore(IScoreModel model);

    /// <summary>
    /// Gets <paramref name="values"/> as an [N, 1] tensor of the model's dtype and device, made on first use and
    /// kept for later calls with the same array.
    /// </summary>
    /// <param name="values">Data that the loss holds; the same instance must not change between calls.</param>
    /// <param name="model">The model whose dtype and device the tensor takes.</param>
    /// <returns>A tensor owned by the loss: do not dispose it, and do not modify it.</returns>
    protected internal Tensor Column(IReadOnlyList<double> values, IScoreModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Column(values, model.DType, model.Device);
    }

    /// <summary>
    /// Gets <paramref name="values"/> as an [N, 1] tensor of the given dtype and device, made on first use and kept
    /// for later calls with the same array.
    /// </summary>
    /// <param name="values">Data that the loss holds; the same instance must not change between calls.</param>
    /// <param name="dtype">The element type of the tensor.</param>
    /// <param name="device">The device of the tensor.</param>
    /// <returns>A tensor owned by the loss: do not dispose it, and do not modify it.</returns>
    protected internal Tensor Column(IReadOnlyList<double> values, ScalarType dtype, Device device)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(device);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = ((object)values, dtype, device.type, device.index);
        if (!_columns.TryGetValue(key, out var column))
        {
            column = TensorFactory.Column(values, dtype, device).DetachFromDisposeScope();
            _columns.Add(key, column);
        }

        return column;
    }

    /// <summary>
    /// Gets the rows of <paramref name="values"/> as an [N, d] tensor of the model's dtype and device, made on first use
    /// and kept for later calls with the same array.
    /// </summary>
    /// <param name="values">Points that the loss holds, one per row; the same instance must not change between calls.</param>
    /// <param name="model">The model whose dtype and device the tensor takes.</param>
    /// <returns>A tensor owned by the loss: do not dispose it, and do not modify it.</returns>
    protected internal Tensor Matrix(double[,] values, IScoreModel model)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(model);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = ((object)values, model.DType, model.Device.type, model.Device.index);
        if (!_columns.TryGetValue(key, out var matrix))
        {
            matrix = TensorFactory.Matrix(values, model.DType, model.Device).DetachFromDisposeScope();
            _columns.Add(key, matrix);
        }

        return matrix;
    }

    /// <summary>Releases the kept tensors; subclasses that hold native memory of their own release it here too.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            foreach (var column in _columns.Values)
            {
                column.Dispose();
            }

            _columns.Clear();
        }
    }
}
