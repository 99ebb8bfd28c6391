namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>
/// The process-wide lock around TorchSharp calls: re-entrant on its thread, exclusive across threads, and let go of
/// while code outside the library runs. Each test holds the lock for a fraction of a second at most, since every other
/// test that trains waits for it meanwhile.
/// </summary>
public sealed class TorchGateTests
{
    /// <summary>Long enough for a thread that could take the lock to have taken it.</summary>
    private static readonly TimeSpan Moment = TimeSpan.FromMilliseconds(200);

    /// <summary>Long enough for a thread that waits for the lock to get it once it is free, on a busy machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Enter_Twice_HoldsUntilBothAreReleased()
    {
        var (first, second, held) = (TorchGate.Enter(), TorchGate.Enter(), 2);
        var other = new Contender();
        try
        {
            other.Entered.Wait(Moment).Should().BeFalse("this thread holds the lock");
            SpinWait.SpinUntil(() => TorchGate.HasWaiters, Patience).Should().BeTrue("the other thread waits for the lock");
            second.Dispose();
            held = 1;
            other.Entered.Wait(Moment).Should().BeFalse("this thread still holds the lock once");
            first.Dispose();
            held = 0;
            other.Entered.Wait(Patience).Should().BeTrue("the lock is free");
        }
        finally
        {
            ReleaseRest(first, second, held);
            other.Dispose();
        }
    }

    [Fact]
    public void Outside_LetsOthersInAndTakesBackEveryLevel()
    {
        var (first, second, held) = (TorchGate.Enter(), TorchGate.Enter(), 2);
        var during = new Contender(start: false);
        var after = new Contender(start: false);
        try
        {
            TorchGate.Outside(() =>
            {
                during.Start();
                during.Entered.Wait(Patience).Should().BeTrue("the lock is let go of while the action runs");
                during.Release.Set();
                during.Left.Wait(Patience).Should().BeTrue();
            });

            after.Start();
            after.Entered.Wait(Moment).Should().BeFalse("the lock is taken back");
            second.Dispose();
            held = 1;
            after.Entered.Wait(Moment).Should().BeFalse("both levels are taken back");
            first.Dispose();
            held = 0;
            after.Entered.Wait(Patience).Should().BeTrue();
        }
        finally
        {
            ReleaseRest(first, second, held);
            during.Dispose();
            after.Dispose();
        }
    }

    [Fact]
    public void Outside_NotHeld_RunsTheActionAndTakesNothing()
    {
        var ran = false;

        TorchGate.Outside(() => ran = true);

        ran.Should().BeTrue();
        using var other = new Contender();
        other.Entered.Wait(Patience).Should().BeTrue("this thread did not take the lock");
    }

    [Fact]
    public void Yield_WithAWaiter_LetsItGoFirst()
    {
        var hold = TorchGate.Enter();
        var other = new Contender();
        try
        {
            other.Release.Set();
            other.Entered.Wait(Moment).Should().BeFalse("this thread holds the lock");
            SpinWait.SpinUntil(() => TorchGate.HasWaiters, Patience).Should().BeTrue();

            TorchGate.Yield();

            other.Entered.IsSet.Should().BeTrue("the waiting thread took its turn during the yield");
        }
        finally
        {
            hold.Dispose();
            other.Dispose();
        }
    }

    /// <summary>Releases the levels a test still holds when it ends early: <paramref name="held"/> of them, the inner first.</summary>
    private static void ReleaseRest(TorchGate.Held outer, TorchGate.Held inner, int held)
    {
        if (held == 2)
        {
            inner.Dispose();
        }

        if (held >= 1)
        {
            outer.Dispose();
        }
    }

    /// <summary>A thread that takes the lock, holds it until released, and gives it back.</summary>
    private sealed class Contender : IDisposable
    {
        private readonly Thread _thread;

        public Contender(bool start = true)
        {
            _thread = new Thread(() =>
            {
                using (TorchGate.Enter())
                {
                    Entered.Set();
                    Release.Wait();
                }

                Left.Set();
            })
            {
                IsBackground = true,
            };
            if (start)
            {
                Start();
            }
        }

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public ManualResetEventSlim Left { get; } = new();

        public void Start() => _thread.Start();

        /// <summary>Lets the thread give the lock back and waits for it to end, if it was started.</summary>
        public void Dispose()
        {
            Release.Set();
            if (_thread.ThreadState != ThreadState.Unstarted)
            {
                _thread.Join();
            }

            Entered.Dispose();
            Release.Dispose();
            Left.Dispose();
        }
    }
}
