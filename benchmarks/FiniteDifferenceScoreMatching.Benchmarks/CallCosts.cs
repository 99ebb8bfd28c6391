using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// What the pieces of one epoch cost on their own, for the original job's network (1→8→1 ReLU, float64) on 2,048
/// stacked points: the figures behind the per-epoch budget in docs/performance.md.
/// </summary>
internal static class CallCosts
{
    private const int Warmup = 50;
    private const int Repeats = 1_000;

    public static void Run()
    {
        set_num_threads(1);
        manual_seed(1);
        using var x = randn(new long[] { 2048, 1 }, ScalarType.Float64);
        using var activations = randn(new long[] { 2048, 8 }, ScalarType.Float64);
        using var model = nn.Sequential(nn.Linear(1, 8), nn.ReLU(), nn.Linear(8, 1));
        model.to(ScalarType.Float64);
        using var optimizer = optim.Adam(model.parameters(), 0.03);

        Report("forward pass", () => model.call(x));
        Report("forward pass and backward()", () => model.call(x).sum().backward());
        Report("Adam step, four parameter tensors", () => optimizer.step());
        Report("zero_grad", () => optimizer.zero_grad());
        Report("one addition, 2,048 values", () => _ = x + 1);
        Report("one addition, 2,048 × 8 values", () => _ = activations + 1);
        Report("sum and ToDouble", () => x.sum().ToDouble());
    }

    private static void Report(string name, Action act)
    {
        for (var i = 0; i < Warmup; i++)
        {
            using var scope = NewDisposeScope();
            act();
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Repeats; i++)
        {
            using var scope = NewDisposeScope();
            act();
        }

        var micros = watch.Elapsed.TotalMilliseconds * 1000 / Repeats;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-40} {micros,8:F1} µs"));
    }
}
