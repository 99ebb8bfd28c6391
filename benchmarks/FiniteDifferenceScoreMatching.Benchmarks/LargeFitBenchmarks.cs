using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// <see cref="OneDimensional.Fitting.ScoreMatchingFit.Fit"/> with its default options on 10⁵ to 10⁷ samples of the original mixture, each
/// size a few single runs: the growth of the time with N. The peak resident memory of the same fits, which
/// BenchmarkDotNet does not measure, is what <c>dotnet run -c Release -- fit-memory</c> reports.
/// </summary>
[Config(typeof(LargeFitConfig))]
public class LargeFitBenchmarks : OneCallFit
{
    /// <inheritdoc/>
    [Params(100_000, 1_000_000, 10_000_000)]
    public override int Samples { get; set; }

    /// <summary>One warm-up and three measured runs per size, each a single fit; medians reported.</summary>
    private sealed class LargeFitConfig : ManualConfig
    {
        public LargeFitConfig()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(3).WithLaunchCount(1));
            AddDiagnoser(MemoryDiagnoser.Default);
            AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median, BenchmarkDotNet.Columns.StatisticColumn.Min);
        }
    }
}
