using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// The baseline the library's trainer is measured against: the original job written the obvious way with TorchSharp
/// alone (a Sequential of two Linear layers, two forward passes at x ± δ, the formulas as written, Adam, a dispose
/// scope per epoch), 500 epochs on 1,024 samples.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class ObviousLoopBenchmarks
{
    private const double Delta = 0.01;
    private Tensor? _x;
    private nn.Module<Tensor, Tensor>? _model;
    private optim.Optimizer? _optimizer;

    [Params(ScalarType.Float32, ScalarType.Float64)]
    public ScalarType DType { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(1);
        _x = tensor(SeedProblem.Samples(1024), DType).unsqueeze(1);
    }

    [IterationSetup]
    public void CreateModel()
    {
        manual_seed(1);
        _model = nn.Sequential(nn.Linear(1, 8), nn.ReLU(), nn.Linear(8, 1));
        _model.to(DType);
        _optimizer = optim.Adam(_model.parameters(), 0.03);
    }

    [Benchmark(Description = "500 epochs, N = 1,024, obvious loop")]
    public double Train()
    {
        var last = 0.0;
        for (var epoch = 0; epoch < 500; epoch++)
        {
            using var scope = NewDisposeScope();
            var forward = _model!.call(_x! + Delta);
            var backward = _model.call(_x! - Delta);
            var score = (forward + backward) / 2;
            var divergence = (forward - backward) / (2 * Delta);
            var loss = ((0.5 * score.square()) + divergence).mean();
            _optimizer!.zero_grad();
            loss.backward();
            _optimizer.step();
            last = loss.ToDouble();
        }

        return last;
    }

    [IterationCleanup]
    public void DisposeModel()
    {
        _optimizer?.Dispose();
        _model?.Dispose();
    }
}
