using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// The batches of one epoch: all the samples at once, or consecutive batches of a shuffled order drawn from the
/// trainer's generator, on the model's device (the last batch shorter).
/// </summary>
internal sealed class EpochPlan : IDisposable
{
    private readonly Generator? _generator;
    private readonly Device? _device;
    private Tensor? _order;
    private long[]? _managedOrder;

    private EpochPlan(int count, int batchSize, Generator? generator, Device? device)
    {
        Count = count;
        BatchSize = batchSize;
        _generator = generator;
        _device = device;
    }

    /// <summary>Gets the plan of full-batch epochs.</summary>
    public static EpochPlan FullBatch { get; } = new(0, 0, null, null);

    /// <summary>Gets a value indicating whether an epoch is split into batches.</summary>
    public bool Batched => _generator is not null;

    /// <summary>Gets the number of samples an epoch visits when batched.</summary>
    public int Count { get; }

    /// <summary>Gets the number of samples per batch when batched.</summary>
    public int BatchSize { get; }

    /// <summary>Gets the current epoch's order of the samples, on the model's device; owned by the plan.</summary>
    public Tensor Order => _order ?? throw new InvalidOperationException("No order has been drawn.");

    /// <summary>Gets the current epoch's order as managed data, copied on first use.</summary>
    public ReadOnlySpan<long> ManagedOrder
    {
        get
        {
            if (_managedOrder is null)
            {
                _managedOrder = new long[Count];
                using var onCpu = Order.cpu();
                MemoryMarshal.Cast<byte, long>(onCpu.bytes).CopyTo(_managedOrder);
            }

            return _managedOrder;
        }
    }

    /// <summary>
    /// The plan for a loss over <paramref name="sampleCount"/> samples in batches of <paramref name="batchSize"/>:
    /// full batch when there is no batch size, or it covers every sample.
    /// </summary>
    public static EpochPlan For(int? batchSize, int? sampleCount, Generator generator, Device device) =>
        batchSize is { } size && sampleCount is { } count && size < count ? new EpochPlan(count, size, generator, device) : FullBatch;

    /// <summary>Draws the order of the next epoch (when batched).</summary>
    public void Draw()
    {
        if (!Batched)
        {
            return;
        }

        _order?.Dispose();
        _managedOrder = null;
        _order = randperm(Count, generator: _generator, device: _device).DetachFromDisposeScope();
    }

    /// <summary>Releases the current order.</summary>
    public void Dispose()
    {
        _order?.Dispose();
        _order = null;
    }

    /// <summary>Runs <paramref name="batch"/> on each batch (start, size) of the current order, in order.</summary>
    public void ForEachBatch(Action<int, int> batch)
    {
        for (var start = 0; start < Count; start += BatchSize)
        {
            batch(start, Math.Min(BatchSize, Count - start));
        }
    }
}
