using BenchmarkDotNet.Attributes;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>The original example's job through the public API: 1→8→1 ReLU, Adam 0.03, 500 full-batch epochs on 1,024 samples.</summary>
[Config(typeof(BenchmarkConfig))]
public class SeedJobBenchmarks
{
    private double[] _samples = [];
    private MlpScoreModel? _model;
    private Trainer? _trainer;
    private EmpiricalFiniteDifferenceScoreMatchingLoss? _loss;

    [Params(ScalarType.Float32, ScalarType.Float64)]
    public ScalarType DType { get; set; }

    /// <summary>
    /// Gets or sets the path the trainer takes: <c>Fused</c>, the default Adam (the managed kernel), or
    /// <c>General</c>, the same Adam handed in by a factory (TorchSharp's forward pass, autograd and optimizer).
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
    public void CreateModel()
    {
        _model = new MlpScoreModel(1, new MlpOptions { DType = DType });
        _trainer = new Trainer(_model, Path == "General" ? TrainingPaths.General : null);
        _loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
    }

    [Benchmark(Description = "500 epochs, N = 1,024")]
    public double Train() => _trainer!.Train(_loss!, 500).FinalLoss;

    [IterationCleanup]
    public void DisposeModel()
    {
        _loss?.Dispose();
        _trainer?.Dispose();
        _model?.Dispose();
    }
}
