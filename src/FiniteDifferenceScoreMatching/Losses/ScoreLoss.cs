using FiniteDifferenceScoreMatching.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// A training objective for a score model: the strategy that a <see cref="Training.Trainer"/> minimises.
/// </summary>
/// <remarks>
/// <para>
/// A subclass implements one method, <see cref="ComputeCore"/>, against a <see cref="LossContext"/>: the model, the
/// samples of the step (all, or a mini-batch) and the step's random source. It returns one value per member of the
/// model, so the same loss trains a network full batch, in mini-batches and as an ensemble. The public entry points
/// check their arguments, open a dispose scope (every tensor the subclass makes is released when it closes, except the
/// result), check the result's shape, and reduce it: <see cref="Compute(IScoreModel)"/> to the sum over the members
/// (for one network, its loss), <see cref="ComputeEach"/> to nothing.
/// </para>
/// <para>
/// A loss that is a mean over samples says how many in <see cref="SampleCount"/>, which lets a trainer draw
/// mini-batches of them. Data that a loss evaluates on every call (grid points, samples, weights) is held as managed
/// arrays and turned into tensors once per dtype and device by <see cref="Column(IReadOnlyList{double}, LossContext)"/>
/// and <see cref="Matrix"/>; the loss owns those tensors and releases them in <see cref="Dispose()"/>.
/// </para>
/// </remarks>
public abstract class ScoreLoss : IDisposable
{
    private readonly Dictionary<(object Values, ScalarType DType, TorchSharp.DeviceType Device, int Index), Tensor> _columns = new();
    private readonly LossRandomness _randomness = new(0);
    private bool _disposed;

    /// <summary>
    /// Gets the number of samples the loss averages over with equal weights, which a trainer may split into
    /// mini-batches; <see langword="null"/> for a loss that is not such a mean (a quadrature over a grid, say).
    /// </summary>
    public virtual int? SampleCount => null;

    /// <summary>
    /// Computes the loss of <paramref name="model"/> over all the samples, keeping the autograd graph for a backward
    /// pass; randomness comes from the loss's own generator.
    /// </summary>
    /// <param name="model">The model to evaluate; not disposed.</param>
    /// <returns>A new scalar tensor, owned by the caller: the model's loss, or for an ensemble the sum of its members' losses.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The loss has been disposed.</exception>
    /// <exception cref="InvalidOperationException"><see cref="ComputeCore"/> returned something other than one value per member.</exception>
    public Tensor Compute(IScoreModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var gate = TorchGate.Enter();
        using var scope = NewDisposeScope();
        return Evaluate(new LossContext(model)).sum().MoveToOuterDisposeScope();
    }

    /// <summary>Computes every member's loss in <paramref name="context"/>, keeping the autograd graph.</summary>
    /// <param name="context">The model, the step's samples and its random source.</param>
    /// <returns>A new [K] tensor, element k member k's loss, owned by the caller.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="ArgumentException">The context has a batch but the loss is not a mean over samples, or an index is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The loss has been disposed.</exception>
    /// <exception cref="InvalidOperationException"><see cref="ComputeCore"/> returned something other than one value per member.</exception>
    public Tensor ComputeEach(LossContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var gate = TorchGate.Enter();
        if (context.Batch is { } batch)
        {
            var count = SampleCount
                ?? throw new ArgumentException($"{GetType().Name} is not a mean over samples, so it cannot be evaluated on a batch of them.", nameof(context));
            using var scope = NewDisposeScope();
            if (batch.min().ToInt64() < 0 || batch.max().ToInt64() >= count)
            {
                throw new ArgumentException($"The batch's indices must lie in [0, {count}), the loss's samples.", nameof(context));
            }
        }

        using (var scope = NewDisposeScope())
        {
            return Evaluate(context).MoveToOuterDisposeScope();
        }
    }

    /// <summary>Releases the tensors that the loss keeps between calls.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Gets the loss's own random source on <paramref name="device"/>, which evaluations without a generator draw from.</summary>
    internal Generator OwnRandomSource(Device device) => _randomness.On(device);

    /// <summary>Throws <see cref="ObjectDisposedException"/> when the loss has been disposed.</summary>
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Computes every member's loss inside the dispose scope that the public entry points opened.</summary>
    /// <param name="context">The model, the step's samples (<see cref="LossContext.Select"/>) and its random source (<see cref="RandomSource"/>).</param>
    /// <returns>
    /// A [K] tensor of the members' losses (a scalar is accepted when K = 1); the scope hands it to the caller. Score
    /// points with <see cref="LossContext.Score"/> and reduce over the last two dimensions to get it.
    /// </returns>
    protected abstract Tensor ComputeCore(LossContext context);

    /// <summary>Gets the random source of a step: the context's, or the loss's own on the model's device.</summary>
    /// <param name="context">The context of the evaluation.</param>
    /// <returns>A generator that the caller advances and does not dispose.</returns>
    protected Generator RandomSource(LossContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Generator ?? _randomness.On(context.Device);
    }

    /// <summary>
    /// Gets <paramref name="values"/> as an [N, 1] tensor of the context's dtype and device, made on first use and
    /// kept for later calls with the same array.
    /// </summary>
    /// <param name="values">Data that the loss holds; the same instance must not change between calls.</param>
    /// <param name="context">The context whose model gives the dtype and device.</param>
    /// <returns>A tensor owned by the loss: do not dispose it, and do not modify it.</returns>
    protected internal Tensor Column(IReadOnlyList<double> values, LossContext context)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Kept(values, context, () => TensorFactory.Column(values, context.DType, context.Device));
    }

    /// <summary>
    /// Gets the rows of <paramref name="values"/> as an [N, d] tensor of the model's dtype and device, made on first use
    /// and kept for later calls with the same array.
    /// </summary>
    /// <param name="values">Points that the loss holds, one per row; the same instance must not change between calls.</param>
    /// <param name="context">The context whose model gives the dtype and device.</param>
    /// <returns>A tensor owned by the loss: do not dispose it, and do not modify it.</returns>
    protected internal Tensor Matrix(double[,] values, LossContext context)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Kept(values, context, () => TensorFactory.Matrix(values, context.DType, context.Device));
    }

    /// <summary>The tensor made from <paramref name="values"/> for the context's dtype and device: made on first use, then kept.</summary>
    private Tensor Kept(object values, LossContext context, Func<Tensor> make)
    {
        ArgumentNullException.ThrowIfNull(context);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = (values, context.DType, context.Device.type, context.Device.index);
        if (!_columns.TryGetValue(key, out var tensor))
        {
            tensor = make().DetachFromDisposeScope();
            _columns.Add(key, tensor);
        }

        return tensor;
    }

    /// <summary>Runs <see cref="ComputeCore"/> and checks that it gave one value per member, as a [K] tensor.</summary>
    private Tensor Evaluate(LossContext context)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var members = context.Members;
        var loss = ComputeCore(context)
            ?? throw new InvalidOperationException($"{GetType().Name}.ComputeCore returned null instead of one value per member.");
        if (loss.dim() == 0 && members == 1)
        {
            return loss.reshape(1);
        }

        if (loss.dim() != 1 || loss.size(0) != members)
        {
            throw new InvalidOperationException($"{GetType().Name}.ComputeCore must return one value for each of the {members} member(s), not a tensor of shape [{string.Join(", ", loss.shape)}].");
        }

        return loss;
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
            _randomness.Dispose();
        }
    }
}
