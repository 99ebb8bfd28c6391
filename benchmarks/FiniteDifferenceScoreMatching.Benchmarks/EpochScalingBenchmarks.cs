using BenchmarkDotNet.Attributes;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>One epoch of the empirical finite-difference loss as the sample grows, full-batch or in mini-batches.</summary>
[Config(typeof(BenchmarkConfig))]
public class EpochScalingBenchmarks
{
    private MlpScoreModel? _model;
    private Trainer? _trainer;
    private EmpiricalFiniteDifferenceScoreMatchingLoss? _loss;

    [Params(16_384, 262_144, 1_048_576)]
    public int Samples { get; set; }

    /// <summary>Gets or sets the mini-batch size; 0 for full-batch epochs.</summary>
    [Params(0, 16_384)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(1);
        _model = new MlpScoreModel(1, new MlpOptions { DType = ScalarType.Float64 });
        _trainer = new Trainer(_model, new TrainerOptions { BatchSize = BatchSize == 0 ? null : BatchSize });
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
