using BenchmarkDotNet.Running;
using FiniteDifferenceScoreMatching.Benchmarks;

// dotnet run -c Release -- --filter '*'     every benchmark
// dotnet run -c Release -- footprint        allocations and live tensors per epoch
// dotnet run -c Release -- costs            what the pieces of one epoch cost on their own
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

BenchmarkSwitcher.FromAssembly(typeof(SeedJobBenchmarks).Assembly).Run(args);
