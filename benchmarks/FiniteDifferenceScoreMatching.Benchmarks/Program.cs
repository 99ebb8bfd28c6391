using BenchmarkDotNet.Running;
using FiniteDifferenceScoreMatching.Benchmarks;

// dotnet run -c Release -- --filter '*'     every benchmark
// dotnet run -c Release -- footprint        allocations and live tensors per epoch
// dotnet run -c Release -- costs            what the pieces of one epoch cost on their own
// dotnet run -c Release -- fit-memory       peak resident memory of the one-call fit at 10⁵ to 10⁷ samples
// dotnet run -c Release -- peer [rounds]    the 2-D job beside PyTorch eager, interleaved (needs /usr/bin/python3 with torch)
if (args is ["footprint"])
{
    EpochFootprint.Run();
    return;
}

if (args is ["costs"])
{
    CallCosts.Run();
    return;
}

if (args is ["fit-memory"])
{
    FitMemory.Run();
    return;
}

if (args is ["fit-memory-one", var size])
{
    FitMemory.RunOne(int.Parse(size, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args is ["peer"] or ["peer", _])
{
    Environment.ExitCode = PeerComparison.Run(args.Length == 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : PeerComparison.DefaultRounds);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SeedJobBenchmarks).Assembly).Run(args);
