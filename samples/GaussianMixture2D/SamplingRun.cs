namespace GaussianMixture2D;

/// <summary>What one run of Langevin dynamics produced: the chains' last points, copies along the way, the metrics of the last points, and the time it took.</summary>
/// <param name="Samples">The chains' last points, finite ones only.</param>
/// <param name="Frames">The chains from the start to the end, for the animation.</param>
/// <param name="Metrics">The last points against fresh samples of the truth.</param>
/// <param name="Time">The time the dynamics took, without the metrics.</param>
internal sealed record SamplingRun(double[,] Samples, IReadOnlyList<ChainFrame> Frames, SampleMetrics Metrics, TimeSpan Time);
