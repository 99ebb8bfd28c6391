using BenchmarkDotNet.Running;
using FiniteDifferenceScoreMatching.Benchmarks;

// dotnet run -c Release -- --filter '*'     every benchmark
// dotnet run -c Release -- footprint        allocations and live tensors per epoch
if (args is ["footprint"])
{
    EpochFootprint.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SeedJobBenchmarks).Assembly).Run(args);
