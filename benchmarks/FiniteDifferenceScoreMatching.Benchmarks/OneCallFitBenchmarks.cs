using BenchmarkDotNet.Attributes;
using FiniteDifferenceScoreMatching.Fitting;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// <see cref="ScoreMatchingFit.Fit"/> with its default options on N samples of the original mixture, warm: the
/// time a user waits for a density from samples alone.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class OneCallFitBenchmarks
{
    private double[] _samples = [];

    [Params(1_024, 8_192)]
    public int Samples { get; set; }

    [GlobalSetup]
    public void Setup() => _samples = SeedProblem.Samples(Samples);

    [Benchmark(Description = "ScoreMatchingFit.Fit, default options")]
    public double Fit()
    {
        using var fit = ScoreMatchingFit.Fit(_samples);
        return fit.Distribution.CumulativeDistribution(0);
    }
}
