using BenchmarkDotNet.Attributes;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// One epoch of a d → 256 → 256 → d softplus network (its inner layer, of fixed width, costs as much as the outer ones
/// at d = 100) on 1,024 standard normal samples in d dimensions, with the sliced
/// finite-difference loss (two forward passes whatever d), the coordinate differences (2d + 1 copies of the batch) and
/// exact score matching (d backward passes for the trace): how each grows from d = 2 to d = 100. The network alone, one
/// forward and one backward pass over the same 2N points under a plain squared loss, is the floor that the sliced loss
/// is measured against: its first and last layers grow with d whatever the loss.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class DimensionScalingBenchmarks
{
    private MlpScoreModel? _model;
    private Trainer? _trainer;
    private ScoreLoss? _sliced;
    private ScoreLoss? _coordinate;
    private ScoreLoss? _exact;
    private ScoreLoss? _network;

    [Params(2, 10, 100)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(1);
        var random = new Random(1);
        var samples = new double[1024, Dimension];
        for (var n = 0; n < 1024; n++)
        {
            for (var i = 0; i < Dimension; i++)
            {
                samples[n, i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            }
        }

        _model = new MlpScoreModel(1, new MlpOptions { Dimension = Dimension, HiddenWidths = [256, 256], Activation = Activation.Softplus });
        _trainer = new Trainer(_model);
        _sliced = new SlicedFiniteDifferenceScoreMatchingLoss(samples);
        _coordinate = new CoordinateFiniteDifferenceScoreMatchingLoss(samples);
        _exact = new ImplicitScoreMatchingLoss(samples);
        _network = new NetworkAloneLoss(samples);
    }

    [Benchmark(Baseline = true, Description = "sliced finite differences, one epoch")]
    public double Sliced() => _trainer!.Train(_sliced!, 1).FinalLoss;

    [Benchmark(Description = "coordinate finite differences, one epoch")]
    public double Coordinate() => _trainer!.Train(_coordinate!, 1).FinalLoss;

    [Benchmark(Description = "exact score matching (d backward passes), one epoch")]
    public double Exact() => _trainer!.Train(_exact!, 1).FinalLoss;

    [Benchmark(Description = "the network alone on 2N points, one epoch")]
    public double Network() => _trainer!.Train(_network!, 1).FinalLoss;

    [GlobalCleanup]
    public void Cleanup()
    {
        _sliced?.Dispose();
        _coordinate?.Dispose();
        _exact?.Dispose();
        _network?.Dispose();
        _trainer?.Dispose();
        _model?.Dispose();
    }

    /// <summary>½ ‖ψ‖² over the samples taken twice: the sliced loss's forward and backward passes without its directions.</summary>
    private sealed class NetworkAloneLoss(double[,] samples) : ScoreLoss
    {
        public override int? SampleCount => samples.GetLength(0);

        protected override Tensor ComputeCore(LossContext context)
        {
            var x = context.Select(Matrix(samples, context));
            return (context.Score(cat([x, x], 0)).square().sum(2) / 2).mean([1]);
        }
    }
}
