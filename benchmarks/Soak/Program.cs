using System.Diagnostics;
using System.Globalization;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;

// Trains the original example's network for many epochs and watches resident memory and live tensors.
// Usage: Soak [epochs] [samples] [fused|general]   (defaults: 100000 1024 fused). "general" hands the trainer Adam
// through a factory, so that every epoch runs TorchSharp's forward pass, autograd and optimizer instead of the fused
// managed kernel. Exit code 1 if memory grew by 5 MB or more after warm-up, or if the live tensor count changed.
var epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var sampleCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1024;
var general = args.Length > 2 && args[2] == "general";
// The first epochs settle the runtime: JIT, the GC's first collections and its heap budget, libtorch's allocator.
// The warm-up lasts at least 5,000 epochs and at least 5 seconds: the JIT's tiered compilation recompiles hot methods
// in the background during the first seconds whatever the speed of an epoch, and on the fused path 5,000 epochs take
// a tenth of a second. Growth is measured from the end of the warm-up; rows before it are printed too.
const int WarmUpEpochs = 5_000;
var warmUpTime = TimeSpan.FromSeconds(5);
const int Chunk = 1_000;
const long AllowedGrowth = 5_000_000; // 5 MB

var start = ResidentBytes();
var mixture = new GaussianMixture([-3.0, 3.0], [1.0, 1.0], [0.1, 0.9]);
using var model = new MlpScoreModel(seed: 1);
using var trainer = new Trainer(model, general ? new TrainerOptions { Engine = TrainingEngine.TorchSharp } : null);
Console.WriteLine($"{(general ? "general" : "fused")} path, {sampleCount} samples");
using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(mixture.Sample(new Random(12345), sampleCount));

Console.WriteLine($"{"epoch",9} {"resident MiB",13} {"GC heap MiB",12} {"gen2 KiB",9} {"live tensors",13} {"epochs/s",9}");
Report(0, start, DisposeScopeManager.Statistics.ThreadTotalLiveCount, double.NaN);
var warmUpWatch = Stopwatch.StartNew();
while (trainer.Epoch < WarmUpEpochs || warmUpWatch.Elapsed < warmUpTime)
{
    trainer.Train(loss, Chunk);
    if (trainer.Epoch <= WarmUpEpochs || trainer.Epoch % 50_000 == 0)
    {
        Report(trainer.Epoch, ResidentBytes(), DisposeScopeManager.Statistics.ThreadTotalLiveCount, double.NaN);
    }
}

warmUpWatch.Stop();
var warmUp = trainer.Epoch;

var warm = ResidentBytes();
var warmTensors = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
var warmAllocated = GC.GetTotalAllocatedBytes();
var warmCollections = GC.CollectionCount(0);

var watch = Stopwatch.StartNew();
var peak = warm;
while (trainer.Epoch < warmUp + epochs)
{
    var before = watch.Elapsed;
    var result = trainer.Train(loss, Math.Min(Chunk, warmUp + epochs - trainer.Epoch));
    if (result.StopReason != StopReason.Completed)
    {
        Console.WriteLine($"training stopped: {result.StopReason}");
        return 1;
    }

    var resident = ResidentBytes();
    peak = Math.Max(peak, resident);
    if ((trainer.Epoch - warmUp) % 10_000 == 0 || trainer.Epoch == warmUp + epochs)
    {
        Report(trainer.Epoch, resident, DisposeScopeManager.Statistics.ThreadTotalLiveCount, result.EpochsCompleted / (watch.Elapsed - before).TotalSeconds);
    }
}

var end = ResidentBytes();
var endTensors = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
Console.WriteLine();
Console.WriteLine($"resident memory: {Mib(start)} MiB at process start, {Mib(warm)} MiB after {warmUp} warm-up epochs ({warmUpWatch.Elapsed.TotalSeconds:F1} s), {Mib(end)} MiB after {epochs} more (peak {Mib(peak)} MiB)");
Console.WriteLine($"growth after warm-up: {(end - warm) / 1024.0:F0} KiB (limit {AllowedGrowth / 1024.0:F0} KiB, 5 MB); live tensors {warmTensors} -> {endTensors}");
Console.WriteLine($"{epochs} epochs in {watch.Elapsed.TotalSeconds:F1} s; managed allocation after warm-up {(GC.GetTotalAllocatedBytes() - warmAllocated) / 1024.0:F0} KiB, {GC.CollectionCount(0) - warmCollections} garbage collections");
var ok = end - warm < AllowedGrowth && endTensors == warmTensors;
Console.WriteLine(ok ? "PASS" : "FAIL");
return ok ? 0 : 1;

static void Report(int epoch, long resident, long tensors, double rate) =>
    Console.WriteLine($"{epoch,9} {Mib(resident),13} {Mib(GC.GetGCMemoryInfo().TotalCommittedBytes),12} {GC.GetGCMemoryInfo(GCKind.Any).GenerationInfo[2].SizeAfterBytes / 1024,9} {tensors,13} {(double.IsNaN(rate) ? "" : rate.ToString("F0", CultureInfo.InvariantCulture)),9}");

static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture);

// VmRSS from /proc on Linux: the resident set the kernel reports; elsewhere the working set.
static long ResidentBytes()
{
    const string status = "/proc/self/status";
    if (File.Exists(status))
    {
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        if (line is not null)
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }

    return Environment.WorkingSet;
}
