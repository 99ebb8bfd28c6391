using BenchmarkDotNet.Attributes;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// One epoch of the empirical finite-difference loss as the sample grows, full-batch or in mini-batches of 16,384, on
/// the trainer's fused path or on its general path.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class EpochScalingBenchmarks
{
    private MlpScoreModel? _model;
    private Trainer? _trainer;
    private EmpiricalFiniteDifferenceScoreMatchingLoss? _loss;

    [Params(16_384, 262_144, 1_048_576)]
    public int Samples { get; set; }

    /// <summary>Gets or sets how an epoch runs: full batch (<c>fused</c>, <c>general</c>) or in batches of 16,384 (<c>fused batches</c>, <c>general batches</c>).</summary>
    [Params("fused", "general", "fused batches", "general batches")]
    public string Mode { get; set; } = "fused";

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(1);
        _model = new MlpScoreModel(1, new MlpOptions { DType = ScalarType.Float64 });
        _trainer = new Trainer(_model, Mode switch
        {
            "general" => TrainingPaths.General,
            "fused batches" => new TrainerOptions { BatchSize = 16_384 },
            "general batches" => TrainingPaths.General with { BatchSize = 16_384 },
            _ => null,
        });
        _loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(Samples));
        _trainer.Train(_loss, 1);
    }

    [Benchmark(Description = "one epoch")]
    public double Epoch() => _trainer!.Train(_loss!, 1).FinalLoss;

    [GlobalCleanup]
    public void Cleanup()
    {
        _loss?.Dispose();
        _trainer?.Dispose();
        _model?.Dispose();
    }
}
