using BenchmarkDotNet.Attributes;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// <see cref="OneDimensional.Fitting.ScoreMatchingFit.Fit"/> with its default options on N samples of the original mixture, warm: the
/// time a user waits for a density from samples alone.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class OneCallFitBenchmarks : OneCallFit
{
    /// <inheritdoc/>
    [Params(1_024, 8_192)]
    public override int Samples { get; set; }
}
