using System.Diagnostics;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.Tests.Training;

public sealed class DeterminismTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fdsm-determinism-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Train_TwoThreads_GiveTheSameResultsAsOneAfterTheOther()
    {
        var samples = SeedProblem.Samples();
        var sequential = new[] { Fit(11, samples), Fit(12, samples) };

        var results = new (double[] Losses, double[] Parameters)[2];
        var threads = new[] { 11, 12 }.Select((seed, i) => new Thread(() => results[i] = Fit(seed, samples))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        for (var i = 0; i < 2; i++)
        {
            results[i].Losses.Should().Equal(sequential[i].Losses);
            results[i].Parameters.Should().Equal(sequential[i].Parameters);
        }

        sequential[0].Losses.Should().NotEqual(sequential[1].Losses, "the two seeds start from different networks");
    }

    [Fact]
    public void SampleApp_TwoProcesses_WriteBitIdenticalLossHistories()
    {
        var histories = new[] { "first", "second" }.Select(name =>
        {
            var output = Path.Combine(_folder, name);
            RunSampleProcess("--quiet", "--epochs", "60", "--experiments", "a,d", "--output", output);
            return File.ReadAllText(Path.Combine(output, "losses.csv"));
        }).ToList();

        histories[0].Split('\n').Should().HaveCountGreaterThan(60);
        histories[1].Should().Be(histories[0]);
    }

    private static (double[] Losses, double[] Parameters) Fit(int seed, double[] samples)
    {
        using var model = new MlpScoreModel(seed);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        var losses = trainer.Train(loss, 200).Losses.ToArray();
        return (losses, ParameterSnapshot.Capture(model).Flatten());
    }

    private static void RunSampleProcess(params string[] args)
    {
        var app = typeof(GaussianMixture1D.App).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(app);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, error.Result);
    }
}
