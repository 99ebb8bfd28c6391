using System.Diagnostics;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// Managed bytes allocated per epoch and live native tensors, measured directly over many epochs, on the trainer's
/// fused path and on its general path.
/// </summary>
internal static class EpochFootprint
{
    public static void Run()
    {
        set_num_threads(1);
        Console.WriteLine("fused path");
        Measure(null);
        Console.WriteLine("general path");
        Measure(TrainingPaths.General);
    }

    private static void Measure(TrainerOptions? options)
    {
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model, options);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(1024));
        trainer.Train(loss, 500);

        const int Epochs = 5_000;
        var tensors = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Epochs / 500; i++)
        {
            trainer.Train(loss, 500);
        }

        watch.Stop();
        var perEpoch = (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)Epochs;
        Console.WriteLine($"  managed allocation per epoch: {perEpoch:F0} bytes (over {Epochs} epochs, in calls of 500)");
        Console.WriteLine($"  live native tensors: {tensors} before, {DisposeScopeManager.Statistics.ThreadTotalLiveCount} after");
        Console.WriteLine($"  time per epoch: {watch.Elapsed.TotalMicroseconds / Epochs:F0} µs");
    }
}
