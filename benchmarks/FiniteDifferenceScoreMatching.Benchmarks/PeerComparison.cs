using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// The 2-D job beside its PyTorch eager peer (benchmarks/PyTorchPeer/two_d_job.py) in one run: 1,024 draws of a
/// three-component mixture in the plane, a 2 → 16 → 2 ReLU network in float32, Adam at 0.003, 2,000 full-batch epochs,
/// with the coordinate and the sliced finite-difference losses.
/// </summary>
/// <remarks>
/// For each loss, after one warm-up of each side, the library and PyTorch take turns for a number of rounds, so that
/// both see the same load on a shared machine. The library is timed around <see cref="Trainer.Train(ScoreLoss, int, IProgress{EpochReport}?, CancellationToken)"/>
/// alone, with the model, trainer and loss made before; PyTorch is one process per round that warms up once and times
/// its run itself, so the interpreter's start-up and <c>import torch</c> are not counted. Both run on one thread. Each
/// side draws its own samples of the mixture: the time does not depend on which. Not part of CI: it needs /usr/bin/python3 with torch (Debian's python3-torch).
/// </remarks>
internal static class PeerComparison
{
    /// <summary>The number of rounds when none is given.</summary>
    public const int DefaultRounds = 5;

    private const string Python = "/usr/bin/python3";
    private const string Script = "benchmarks/PyTorchPeer/two_d_job.py";
    private const int Epochs = 2_000;
    private const int SampleCount = 1_024;
    private const int Seed = 1;

    /// <summary>The losses compared: the name the script knows each by, and the library's loss on the samples.</summary>
    private static readonly (string Name, Func<double[,], ScoreLoss> Create)[] Losses =
    [
        ("coordinate", samples => new CoordinateFiniteDifferenceScoreMatchingLoss(samples, epsilon: 0.01)),
        ("sliced", samples => new SlicedFiniteDifferenceScoreMatchingLoss(samples, epsilon: 0.1)),
    ];

    /// <summary>Runs the comparison and prints its table.</summary>
    /// <param name="rounds">The number of timed runs of each side per loss; positive.</param>
    /// <returns>The process's exit code: 0, or 1 when PyTorch or the script is missing or the script gives no time.</returns>
    public static int Run(int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        if (!File.Exists(Python))
        {
            Console.WriteLine($"peer: {Python} not found; the comparison needs it with torch (apt-get install python3-torch).");
            return 1;
        }

        var torchVersion = RunPython("-c \"import torch; print(torch.__version__)\"", out _);
        if (torchVersion is null)
        {
            Console.WriteLine($"peer: {Python} cannot import torch; the comparison needs it (apt-get install python3-torch).");
            return 1;
        }

        var script = FindScript();
        if (script is null)
        {
            Console.WriteLine($"peer: {Script} not found above {AppContext.BaseDirectory}.");
            return 1;
        }

        set_num_threads(1);
        var samples = MultivariateGaussianMixture.Diagonal(
            [0.4, 0.4, 0.2],
            [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]],
            [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]).Sample(new Random(Seed), SampleCount);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"2-D job, {Epochs} epochs, N = {SampleCount}, one thread; TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, PyTorch {torchVersion.Trim()}, {Environment.ProcessorCount} cores{CpuModel()}; {rounds} rounds after one warm-up of each"));
        var rows = new List<(string Loss, double[] Library, double[] PyTorch)>();
        foreach (var (name, create) in Losses)
        {
            _ = TimeLibrary(samples, create, out _);
            if (TimePyTorch(script, name, out _) is null)
            {
                Console.WriteLine($"peer: {Script} --loss {name} gave no time.");
                return 1;
            }

            var library = new double[rounds];
            var pyTorch = new double[rounds];
            for (var round = 0; round < rounds; round++)
            {
                library[round] = TimeLibrary(samples, create, out var libraryLoss);
                pyTorch[round] = TimePyTorch(script, name, out var pyTorchLoss) ?? double.NaN;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-10} round {round + 1}: library {library[round],8:F1} ms (final loss {libraryLoss:F4}), PyTorch {pyTorch[round],8:F1} ms (final loss {pyTorchLoss:F4})"));
            }

            rows.Add((name, library, pyTorch));
        }

        Console.WriteLine();
        Console.WriteLine("| Loss | Library, median ms | PyTorch, median ms | Library / PyTorch | Library by round (ms) | PyTorch by round (ms) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | --- | --- |");
        foreach (var (name, library, pyTorch) in rows)
        {
            var (libraryMedian, pyTorchMedian) = (Median(library), Median(pyTorch));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {libraryMedian:F1} | {pyTorchMedian:F1} | {libraryMedian / pyTorchMedian:F2} | {Join(library)} | {Join(pyTorch)} |"));
        }

        return 0;
    }

    /// <summary>One run of the library's job, timed around the training alone; the model, trainer and loss are made and released outside the timing.</summary>
    private static double TimeLibrary(double[,] samples, Func<double[,], ScoreLoss> create, out double finalLoss)
    {
        using var model = new MlpScoreModel(Seed, new MlpOptions { Dimension = 2, HiddenWidths = [16], Activation = Activation.Relu });
        using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 0.003, Seed = Seed });
        using var loss = create(samples);
        var watch = Stopwatch.StartNew();
        var result = trainer.Train(loss, Epochs);
        watch.Stop();
        finalLoss = result.FinalLoss;
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>One process of the script, which warms up and then times one run; its reported time, or null when it gave none.</summary>
    private static double? TimePyTorch(string script, string loss, out double finalLoss)
    {
        finalLoss = double.NaN;
        var output = RunPython(string.Create(CultureInfo.InvariantCulture, $"\"{script}\" --loss {loss} --repetitions 1 --epochs {Epochs} --seed {Seed}"), out var error);
        if (output is null)
        {
            Console.Error.Write(error);
        }

        var line = output?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (line is null)
        {
            return null;
        }

        using var json = JsonDocument.Parse(line);
        finalLoss = json.RootElement.GetProperty("final_loss").GetDouble();
        return json.RootElement.GetProperty("ms").GetDouble();
    }

    /// <summary>Runs the interpreter with <paramref name="arguments"/>; its standard output, or null when it failed.</summary>
    private static string? RunPython(string arguments, out string error)
    {
        error = string.Empty;
        var start = new ProcessStartInfo(Python, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start);
        if (process is null)
        {
            return null;
        }

        var errorText = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        error = errorText.Result;
        return process.ExitCode == 0 ? output : null;
    }

    /// <summary>The script, looked for in the folders above the benchmark's binaries (the repository's root is one of them).</summary>
    private static string? FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, Script);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>", " and the processor's name from /proc/cpuinfo, or nothing where there is none.</summary>
    private static string CpuModel()
    {
        const string Path = "/proc/cpuinfo";
        var line = File.Exists(Path) ? File.ReadLines(Path).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? string.Empty : ", " + line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Join(double[] values) => string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));
}
