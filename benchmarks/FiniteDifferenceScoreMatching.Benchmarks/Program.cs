using BenchmarkDotNet.Running;
using FiniteDifferenceScoreMatching.Benchmarks;

// dotnet run -c Release -- --filter '*'     every benchmark
// dotnet run -c Release -- footprint        allocations and live tensors per epoch
// dotnet run -c Release -- costs            what the pieces of one epoch cost on their own
// dotnet run -c Release -- fit-memory       peak resident memory of the one-call fit at 10⁵ to 10⁷ samples
// dotnet run -c Release -- peer [job] [rounds]  jobs beside PyTorch eager, interleaved (needs /usr/bin/python3 with torch)
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

if (args is ["peer", ..] && args.Length <= 3)
{
    var job = args.Skip(1).FirstOrDefault(a => !int.TryParse(a, System.Globalization.CultureInfo.InvariantCulture, out _));
    var rounds = args.Skip(1).Where(a => a != job).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(PeerComparison.DefaultRounds).First();
    Environment.ExitCode = PeerComparison.Run(rounds, job);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SeedJobBenchmarks).Assembly).Run(args);
