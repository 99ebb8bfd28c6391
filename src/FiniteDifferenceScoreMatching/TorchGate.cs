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
    private static readonly object Sync = new();
    private static Thread? _owner;
    private static int _depth;
    private static long _nextTicket;
    private static long _nowServing;

    /// <summary>
    /// Takes the lock, waiting for the threads that asked before this one (the lock is fair: a thread that releases
    /// and asks again queues behind them); dispose the result to release it.
    /// </summary>
    public static Held Enter()
    {
        Acquire(1);
        return new Held(true);
    }

    /// <summary>Releases the lock for the duration of <paramref name="action"/>, which calls code outside the library, if this thread holds it.</summary>
    public static void Outside(Action action)
    {
        var depth = ReleaseAll();
        try
        {
            action();
        }
        finally
        {
            if (depth > 0)
            {
                Acquire(depth);
            }
        }
    }

    /// <summary>Gets a value indicating whether a thread is waiting for the lock; read without taking it, so only a hint.</summary>
    public static bool HasWaiters => Volatile.Read(ref _nextTicket) - Volatile.Read(ref _nowServing) > 1;

    /// <summary>Lets the threads waiting for the lock, if any, take their turn before this one goes on.</summary>
    public static void Yield()
    {
        if (HasWaiters)
        {
            Outside(static () => { });
        }
    }

    private static void Acquire(int depth)
    {
        lock (Sync)
        {
            if (_owner == Thread.CurrentThread)
            {
                _depth += depth;
                return;
            }

            var ticket = _nextTicket++;
            while (ticket != _nowServing)
            {
                Monitor.Wait(Sync);
            }

            (_owner, _depth) = (Thread.CurrentThread, depth);
        }
    }

    private static void Release()
    {
        lock (Sync)
        {
            if (--_depth == 0)
            {
                _owner = null;
                _nowServing++;
                Monitor.PulseAll(Sync);
            }
        }
    }

    /// <summary>Releases every level this thread holds; returns how many, 0 when it held none.</summary>
    private static int ReleaseAll()
    {
        lock (Sync)
        {
            if (_owner != Thread.CurrentThread)
            {
                return 0;
            }

            var depth = _depth;
            (_owner, _depth) = (null, 0);
            _nowServing++;
            Monitor.PulseAll(Sync);
            return depth;
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
                Release();
            }
        }
    }
}
