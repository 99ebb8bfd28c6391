using System.Collections.Concurrent;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// Makes a trainer's calls, and the training of a model, exclusive: a second call on the same trainer, or a second
/// trainer on the same model, while the first runs on another thread gets an <see cref="InvalidOperationException"/>
/// instead of racing. Disposing the lease ends both.
/// </summary>
internal sealed class ModelLease : IDisposable
{
    private static readonly ConcurrentDictionary<object, object> Models = new(ReferenceEqualityComparer.Instance);

    private readonly object _model;
    private readonly Flag _busy;

    private ModelLease(object model, Flag busy)
    {
        _model = model;
        _busy = busy;
    }

    /// <summary>Marks the trainer busy through <paramref name="busy"/> and <paramref name="model"/> in training, or throws if either already is.</summary>
    public static ModelLease Take(object trainer, Flag busy, object model)
    {
        if (Interlocked.Exchange(ref busy.Value, 1) != 0)
        {
            throw new InvalidOperationException($"This {trainer.GetType().Name} is already in use on another thread; a trainer runs one call at a time.");
        }

        if (!Models.TryAdd(model, trainer))
        {
            Volatile.Write(ref busy.Value, 0);
            throw new InvalidOperationException($"The {model.GetType().Name} is being trained by another trainer on another thread; a model is trained by one trainer at a time.");
        }

        return new ModelLease(model, busy);
    }

    /// <summary>Ends the lease: the model and the trainer are free again.</summary>
    public void Dispose()
    {
        Models.TryRemove(_model, out _);
        Volatile.Write(ref _busy.Value, 0);
    }

    /// <summary>A trainer's busy flag: 1 while one of its calls runs.</summary>
    internal sealed class Flag
    {
        /// <summary>The flag's value, changed only with <see cref="Interlocked"/> and <see cref="Volatile"/>.</summary>
        public int Value;

        /// <summary>Gets a value indicating whether a call runs.</summary>
        public bool IsSet => Volatile.Read(ref Value) != 0;
    }
}
