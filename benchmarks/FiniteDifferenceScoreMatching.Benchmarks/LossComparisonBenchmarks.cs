using BenchmarkDotNet.Attributes;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// One epoch with the empirical finite-difference loss against one with the exact implicit loss (double autograd),
/// same model and data: both on the trainer's general path (TorchSharp's forward pass, autograd and Adam), and the
/// finite-difference loss on the fused path as well.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class LossComparisonBenchmarks
{
    private MlpScoreModel? _model;
    private Trainer? _trainer;
    private MlpScoreModel? _fusedModel;
    private Trainer? _fused;
    private ScoreLoss? _finiteDifference;
    private ScoreLoss? _exact;

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(1);
        var samples = SeedProblem.Samples(1024);
        _model = new MlpScoreModel(1, new MlpOptions { DType = ScalarType.Float64 });
        _trainer = new Trainer(_model, TrainingPaths.General);
        _fusedModel = new MlpScoreModel(1, new MlpOptions { DType = ScalarType.Float64 });
        _fused = new Trainer(_fusedModel);
        _finiteDifference = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        _exact = new ImplicitScoreMatchingLoss(samples);
    }

    [Benchmark(Baseline = true, Description = "finite differences, one epoch")]
    public double FiniteDifference() => _trainer!.Train(_finiteDifference!, 1).FinalLoss;

    [Benchmark(Description = "finite differences, one epoch, fused path")]
    public double FiniteDifferenceFused() => _fused!.Train(_finiteDifference!, 1).FinalLoss;

    [Benchmark(Description = "exact implicit (double autograd), one epoch")]
    public double Exact() => _trainer!.Train(_exact!, 1).FinalLoss;

    [GlobalCleanup]
    public void Cleanup()
    {
        _finiteDifference?.Dispose();
        _exact?.Dispose();
        _trainer?.Dispose();
        _model?.Dispose();
        _fused?.Dispose();
        _fusedModel?.Dispose();
    }
}
