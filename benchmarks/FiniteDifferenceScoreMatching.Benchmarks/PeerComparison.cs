using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Sampling;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// Jobs beside their PyTorch eager peers (benchmarks/PyTorchPeer/*.py) in one run: the 2-D training job (1,024 draws
/// of a three-component mixture in the plane, a 2 → 16 → 2 ReLU network in float32, Adam at 0.003, 2,000 full-batch
/// epochs, with the coordinate and the sliced finite-difference losses, the 2-D study's first two fits), the study's
/// noise-conditional fit, and annealed Langevin dynamics (10,000 chains, 10 levels × 100 steps, a 3 → 128 → 128 → 2
/// noise-conditional network).
/// </summary>
/// <remarks>
/// For each job, after one warm-up of each side, the library and PyTorch take turns for a number of rounds, so that
/// both see the same load on a shared machine. The library is timed around the call that does the work alone
/// (<see cref="Trainer.Train(ScoreLoss, int, IProgress{EpochReport}?, CancellationToken)"/> or
/// <see cref="LangevinSampler.SampleAnnealed"/>), with the model, trainer and loss made before; PyTorch is one process per
/// round that warms up once and times its run itself, so the interpreter's start-up and <c>import torch</c> are not
/// counted. Both run on one thread. Each side draws its own samples and noise: the time does not depend on which. Not
/// part of CI: it needs /usr/bin/python3 with torch (Debian's python3-torch).
/// </remarks>
internal static class PeerComparison
{
    /// <summary>The number of rounds when none is given.</summary>
    public const int DefaultRounds = 5;

    private const string Python = "/usr/bin/python3";
    private const string TrainingScript = "benchmarks/PyTorchPeer/two_d_job.py";
    private const string LangevinScript = "benchmarks/PyTorchPeer/annealed_langevin.py";
    private const string NoiseConditionalScript = "benchmarks/PyTorchPeer/noise_conditional_job.py";
    private const int NoiseConditionalEpochs = 3_000;
    private const int Epochs = 2_000;
    private const int SampleCount = 1_024;
    private const int Chains = 10_000;
    private const int StepsPerLevel = 100;
    private const int Seed = 1;

    /// <summary>The 2-D mixture of the training job.</summary>
    private static readonly MultivariateGaussianMixture TwoDimensionalMixture = MultivariateGaussianMixture.Diagonal(
        [0.4, 0.4, 0.2],
        [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]],
        [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);

    /// <summary>The jobs compared: a name, the library's side (its time in ms and a number to check it by), the peer's script and arguments.</summary>
    private static readonly PeerJob[] Jobs =
    [
        new("coordinate", () => TimeTraining(samples => new CoordinateFiniteDifferenceScoreMatchingLoss(samples, epsilon: 0.01)), TrainingScript, $"--loss coordinate --repetitions 1 --epochs {Epochs} --seed {Seed}"),
        new("sliced", () => TimeTraining(samples => new SlicedFiniteDifferenceScoreMatchingLoss(samples, epsilon: 0.1)), TrainingScript, $"--loss sliced --repetitions 1 --epochs {Epochs} --seed {Seed}"),
        new("noise-conditional", TimeNoiseConditional, NoiseConditionalScript, $"--repetitions 1 --epochs {NoiseConditionalEpochs} --seed {Seed}"),
        new("annealed-langevin", TimeAnnealedLangevin, LangevinScript, $"--repetitions 1 --chains {Chains} --steps-per-level {StepsPerLevel} --seed {Seed}"),
    ];

    /// <summary>Gets the names of the jobs, as <c>peer &lt;job&gt;</c> takes them.</summary>
    public static IEnumerable<string> JobNames => Jobs.Select(j => j.Name);

    /// <summary>Runs the comparison and prints its table.</summary>
    /// <param name="rounds">The number of timed runs of each side per job; positive.</param>
    /// <param name="only">The name of the one job to run; <see langword="null"/> for all.</param>
    /// <returns>The process's exit code: 0, or 1 when PyTorch or a script is missing, a script gives no time, or the job is unknown.</returns>
    public static int Run(int rounds, string? only = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        var jobs = Jobs.Where(j => only is null || j.Name == only).ToList();
        if (jobs.Count == 0)
        {
            Console.WriteLine($"peer: no job '{only}'; the jobs are {string.Join(", ", JobNames)}.");
            return 1;
        }

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

        set_num_threads(1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"One thread each; TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, PyTorch {torchVersion.Trim()}, {Environment.ProcessorCount} cores{CpuModel()}; {rounds} rounds after one warm-up of each"));
        var rows = new List<(string Job, double[] Library, double[] PyTorch)>();
        foreach (var job in jobs)
        {
            var script = FindScript(job.Script);
            if (script is null)
            {
                Console.WriteLine($"peer: {job.Script} not found above {AppContext.BaseDirectory}.");
                return 1;
            }

            _ = job.Library();
            if (TimePyTorch(script, job.Arguments, out _) is null)
            {
                Console.WriteLine($"peer: {job.Script} {job.Arguments} gave no time.");
                return 1;
            }

            var library = new double[rounds];
            var pyTorch = new double[rounds];
            for (var round = 0; round < rounds; round++)
            {
                (library[round], var libraryCheck) = job.Library();
                pyTorch[round] = TimePyTorch(script, job.Arguments, out var pyTorchCheck) ?? double.NaN;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {job.Name,-18} round {round + 1}: library {library[round],9:F1} ms (check {libraryCheck:G5}), PyTorch {pyTorch[round],9:F1} ms (check {pyTorchCheck:G5})"));
            }

            rows.Add((job.Name, library, pyTorch));
        }

        Console.WriteLine();
        Console.WriteLine("| Job | Library, median ms | PyTorch, median ms | Library / PyTorch | Library by round (ms) | PyTorch by round (ms) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | --- | --- |");
        foreach (var (name, library, pyTorch) in rows)
        {
            var (libraryMedian, pyTorchMedian) = (Median(library), Median(pyTorch));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {libraryMedian:F1} | {pyTorchMedian:F1} | {libraryMedian / pyTorchMedian:F2} | {Join(library)} | {Join(pyTorch)} |"));
        }

        return 0;
    }

    /// <summary>One run of the 2-D training job, timed around the training alone; the model, trainer and loss are made and released outside the timing.</summary>
    /// <returns>The time in ms and the final loss.</returns>
    private static (double Milliseconds, double Check) TimeTraining(Func<double[,], ScoreLoss> create)
    {
        var samples = TwoDimensionalMixture.Sample(new Random(Seed), SampleCount);
        using var model = new MlpScoreModel(Seed, new MlpOptions { Dimension = 2, HiddenWidths = [16], Activation = Activation.Relu });
        using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 0.003, Seed = Seed });
        using var loss = create(samples);
        var watch = Stopwatch.StartNew();
        var result = trainer.Train(loss, Epochs);
        watch.Stop();
        return (watch.Elapsed.TotalMilliseconds, result.FinalLoss);
    }

    /// <summary>
    /// One run of the 2-D study's noise-conditional fit (samples/GaussianMixture2D): a 3 → 64 → 64 → 64 → 2 ReLU
    /// network over ten levels from 10 to 0.01, Adam at 3e-3 for three quarters of the epochs and a new trainer at 3e-4
    /// for the rest, timed around the two calls to train.
    /// </summary>
    /// <returns>The time in ms and the final loss.</returns>
    private static (double Milliseconds, double Check) TimeNoiseConditional()
    {
        var samples = TwoDimensionalMixture.Sample(new Random(Seed), SampleCount);
        using var model = new NoiseConditionalScoreModel(Seed, NoiseSchedule.Geometric(10, 0.01, 10), new MlpOptions { Dimension = 2, HiddenWidths = [64, 64, 64], Activation = Activation.Relu }, NoiseConditionalScoreModel.DataScaleOf(samples));
        using var loss = new NoiseConditionalScoreMatchingLoss(samples);
        var main = NoiseConditionalEpochs - (NoiseConditionalEpochs / 4);
        var watch = Stopwatch.StartNew();
        var final = double.NaN;
        foreach (var (rate, epochs) in new[] { (3e-3, main), (3e-4, NoiseConditionalEpochs - main) })
        {
            using var trainer = new Trainer(model, new TrainerOptions { LearningRate = rate, Seed = Seed });
            final = trainer.Train(loss, epochs).FinalLoss;
        }

        watch.Stop();
        return (watch.Elapsed.TotalMilliseconds, final);
    }

    /// <summary>One run of annealed Langevin dynamics over an untrained network, timed around the sampler's call.</summary>
    /// <returns>The time in ms and the mean squared norm of the final points.</returns>
    private static (double Milliseconds, double Check) TimeAnnealedLangevin()
    {
        using var model = new NoiseConditionalScoreModel(Seed, NoiseSchedule.Geometric(10, 0.01, 10), new MlpOptions { Dimension = 2, HiddenWidths = [128, 128], Activation = Activation.Relu });
        using var generator = new Generator(Seed);
        var random = new Random(Seed);
        var start = new double[Chains, 2];
        for (var n = 0; n < Chains; n++)
        {
            (start[n, 0], start[n, 1]) = ((random.NextDouble() * 16) - 8, (random.NextDouble() * 16) - 8);
        }

        var watch = Stopwatch.StartNew();
        var result = LangevinSampler.SampleAnnealed(model, start, generator, new AnnealedLangevinOptions { StepsPerLevel = StepsPerLevel });
        watch.Stop();
        var points = result.Samples;
        var meanSquare = Enumerable.Range(0, Chains).Average(n => (points[n, 0] * points[n, 0]) + (points[n, 1] * points[n, 1]));
        return (watch.Elapsed.TotalMilliseconds, meanSquare);
    }

    /// <summary>One process of the script, which warms up and then times one run; its reported time, or null when it gave none.</summary>
    private static double? TimePyTorch(string script, string arguments, out double check)
    {
        check = double.NaN;
        var output = RunPython($"\"{script}\" {arguments}", out var error);
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
        var root = json.RootElement;
        check = (root.TryGetProperty("check", out var value) ? value : root.GetProperty("final_loss")).GetDouble();
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
    private static string? FindScript(string script)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, script);
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
