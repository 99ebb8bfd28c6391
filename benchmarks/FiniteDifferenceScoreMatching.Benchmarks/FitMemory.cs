using System.Diagnostics;
using System.Globalization;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;

namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>
/// The peak resident memory of one default <see cref="ScoreMatchingFit.Fit"/> on N samples of the original mixture,
/// each N in a process of its own so that the peaks do not mix; the samples themselves are included.
/// </summary>
internal static class FitMemory
{
    private static readonly int[] Sizes = [100_000, 1_000_000, 10_000_000];

    /// <summary>Runs every size in a child process and prints a table.</summary>
    public static void Run()
    {
        Console.WriteLine("| N | fit time (s) | peak resident memory (MB) | peak per sample (bytes) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        foreach (var size in Sizes)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(typeof(FitMemory).Assembly.Location);
            }

            start.ArgumentList.Add("fit-memory-one");
            start.ArgumentList.Add(size.ToString(CultureInfo.InvariantCulture));
            using var child = Process.Start(start)!;
            var line = child.StandardOutput.ReadToEnd().Trim();
            child.WaitForExit();
            var parts = line.Split(' ');
            var seconds = double.Parse(parts[0], CultureInfo.InvariantCulture);
            var bytes = double.Parse(parts[1], CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size:N0} | {seconds:F2} | {bytes / 1e6:F0} | {bytes / size:F0} |"));
        }
    }

    /// <summary>Fits <paramref name="size"/> samples once and prints the time in seconds and the peak resident bytes.</summary>
    public static void RunOne(int size)
    {
        var samples = SeedProblem.Samples(size);
        var watch = Stopwatch.StartNew();
        using (ScoreMatchingFit.Fit(samples))
        {
            watch.Stop();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds} {PeakResidentBytes()}"));
    }

    /// <summary>The process's peak resident set (VmHWM on Linux; the peak working set elsewhere).</summary>
    private static long PeakResidentBytes()
    {
        const string Status = "/proc/self/status";
        if (File.Exists(Status))
        {
            var line = File.ReadLines(Status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
