using BenchmarkDotNet.Attributes;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// <see cref="ScoreMatchingFit.Fit"/> with its default options on N samples of the original mixture: the setup and the
/// measured call that <see cref="OneCallFitBenchmarks"/> and <see cref="LargeFitBenchmarks"/> share; they choose N and
/// how it is measured.
/// </summary>
public abstract class OneCallFit
{
    private double[] _samples = [];

    /// <summary>Gets or sets the number of samples.</summary>
    public abstract int Samples { get; set; }

    /// <summary>Draws the samples.</summary>
    [GlobalSetup]
    public void Setup() => _samples = SeedProblem.Samples(Samples);

    /// <summary>One default fit, and the mass below 0 so that the density is used.</summary>
    [Benchmark(Description = "ScoreMatchingFit.Fit, default options")]
    public double Fit()
    {
        using var fit = ScoreMatchingFit.Fit(_samples);
        return fit.Distribution.CumulativeDistribution(0);
    }
}
