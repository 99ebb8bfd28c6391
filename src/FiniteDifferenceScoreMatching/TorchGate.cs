namespace FiniteDifferenceScoreMatching;

/// <summary>
/// The one process-wide lock under which the library calls TorchSharp, re-entrant on the thread that holds it.
/// </summary>
/// <remarks>
/// TorchSharp converts numbers to native scalars implicitly (<c>t.add_(u, alpha: 0.1)</c>, <c>t + u</c>, inside its
/// Adam step) and reads their handles before the native call without keeping the managed object alive through it.
/// When another thread's allocation sets off a garbage collection during that call, the finalizer thread can free the
/// scalar while libtorch still reads it: an <c>ExternalException</c> ("Expected false to be true", "Unknown scalar
/// type") or a crash. Library threads therefore call TorchSharp, and allocate while they train, only under this lock,
/// so that a collection one of them sets off never overlaps another's native call. docs/reliability.md describes what
/// it does not cover.
/// </remarks>
internal static class TorchGate
{
    private static readonly object Gate = new();

    /// <summary>Takes the lock, waiting for another thread to release it; dispose the result to release it.</summary>
    public static Held Enter()
    {
        Monitor.Enter(Gate);
        return new Held(true);
    }

    /// <summary>Releases the lock for the duration of <paramref name="action"/>, which calls code outside the library, if this thread holds it.</summary>
    public static void Outside(Action action)
    {
        var depth = 0;
        while (Monitor.IsEntered(Gate))
        {
            Monitor.Exit(Gate);
            depth++;
        }

        try
        {
            action();
        }
        finally
        {
            for (; depth > 0; depth--)
            {
                Monitor.Enter(Gate);
            }
        }
    }

    /// <summary>A hold on the lock; disposing it releases the lock once.</summary>
    internal readonly struct Held(bool taken) : IDisposable
    {
        /// <summary>Releases the lock if this hold took it.</summary>
        public void Dispose()
        {
            if (taken)
            {
                Monitor.Exit(Gate);
            }
        }
    }
}
