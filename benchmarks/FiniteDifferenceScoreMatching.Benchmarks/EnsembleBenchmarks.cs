using BenchmarkDotNet.Attributes;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// The original example's job (1→8→1 ReLU, Adam 0.03, 500 full-batch epochs on 1,024 samples) for K
/// initialisations at once with one <see cref="Trainer"/>; K = 1 is the baseline that K = 16 is measured against.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class EnsembleBenchmarks
{
    private double[] _samples = [];
    private MlpEnsemble? _ensemble;
    private Trainer? _trainer;
    private EmpiricalFiniteDifferenceScoreMatchingLoss? _loss;

    [Params(1, 16)]
    public int Members { get; set; }

    [Params(ScalarType.Float32, ScalarType.Float64)]
    public ScalarType DType { get; set; }

    /// <summary>
    /// Gets or sets the path the trainer takes: <c>Fused</c>, the default Adam (members one after another through the
    /// managed kernel), or <c>General</c>, the TorchSharp engine (batched matrix products and autograd).
    /// </summary>
    [Params("Fused", "General")]
    public string Path { get; set; } = "Fused";

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(1);
        _samples = SeedProblem.Samples(1024);
    }

    [IterationSetup]
    public void CreateEnsemble()
    {
        var seeds = Enumerable.Range(1, Members).Select(s => (long)s).ToArray();
        _ensemble = new MlpEnsemble(seeds, new MlpOptions { DType = DType });
        _trainer = new Trainer(_ensemble, Path == "General" ? TrainingPaths.General : null);
        _loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
    }

    [Benchmark(Description = "500 epochs, N = 1,024, K members")]
    public int Train() => _trainer!.Train(_loss!, 500).EpochsCompleted;

    [IterationCleanup]
    public void DisposeEnsemble()
    {
        _loss?.Dispose();
        _trainer?.Dispose();
        _ensemble?.Dispose();
    }
}
