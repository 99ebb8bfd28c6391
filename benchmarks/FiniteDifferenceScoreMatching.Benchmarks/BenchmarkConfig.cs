using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>One process per benchmark, a short warm-up, medians reported, managed allocations measured.</summary>
internal sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(9).WithLaunchCount(1));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median, BenchmarkDotNet.Columns.StatisticColumn.Min);
    }
}
