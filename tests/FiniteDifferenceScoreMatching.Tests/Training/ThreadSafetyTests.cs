using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using Xunit.Abstractions;

namespace FiniteDifferenceScoreMatching.Tests.Training;

/// <summary>Trainers and models used from several threads: independent work succeeds bit for bit, shared use fails clearly.</summary>
public sealed class ThreadSafetyTests(ITestOutputHelper output)
{
    /// <summary>Two hidden layers: a network the general path trains, through TorchSharp's own operations and Adam.</summary>
    private static readonly MlpOptions GeneralPath = new() { HiddenWidths = [8, 8], Activation = Activation.Softplus };

    private static readonly double[] Samples = SeedProblem.Samples(128);

    [Fact]
    public void Train_TwoModelsOnTwoThreads_GeneralPath_TwoHundredPairedRunsUnderLoad_AllMatchTheSequentialRuns()
    {
        var reference = new[] { TrainGeneral(1), TrainGeneral(2) };
        using var stop = new CancellationTokenSource();

        // Two busy loops keep both cores contended, and a third thread sets off a collection every millisecond or so
        // as the library's own threads can (under the library's lock, as they do): a collection that overlapped a
        // native call could free TorchSharp's temporary scalars while libtorch reads them.
        var spinners = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            var x = 0.0;
            while (!stop.IsCancellationRequested)
            {
                x = Math.Sqrt(x + 1);
            }
        }) { IsBackground = true }).ToList();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using (TorchGate.Enter())
                {
                    GC.Collect(0);
                }

                Thread.Sleep(1);
            }
        }) { IsBackground = true };
        spinners.ForEach(t => t.Start());
        collector.Start();

        var failures = new List<string>();
        try
        {
            for (var round = 0; round < 200; round++)
            {
                var results = new double[2][];
                var errors = new Exception?[2];
                var threads = Enumerable.Range(0, 2).Select(k => new Thread(() =>
                {
                    try
                    {
                        results[k] = TrainGeneral(k + 1);
                    }
                    catch (Exception e)
                    {
                        errors[k] = e;
                    }
                })).ToList();
                threads.ForEach(t => t.Start());
                threads.ForEach(t => t.Join());
                for (var k = 0; k < 2; k++)
                {
                    if (errors[k] is { } e)
                    {
                        failures.Add($"round {round}, thread {k}: {e.GetType().Name}: {e.Message}");
                    }
                    else if (!results[k].SequenceEqual(reference[k]))
                    {
                        failures.Add($"round {round}, thread {k}: a loss history other than the sequential run's");
                    }
                }
            }
        }
        finally
        {
            stop.Cancel();
        }

        output.WriteLine($"{failures.Count} failures in 200 paired runs");
        failures.Should().BeEmpty();
    }

    [Fact]
    public void Train_OneTrainerOnTwoThreadsAtOnce_TheSecondCallThrows()
    {
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model, new TrainerOptions { ReportInterval = 1 });
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);

        var second = WhileTraining(trainer, loss, () => trainer.Train(loss, 1));

        second.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("already in use on another thread");
    }

    [Fact]
    public void Train_TwoTrainersOverOneModelAtOnce_TheSecondThrows()
    {
        using var model = new MlpScoreModel(1);
        using var first = new Trainer(model, new TrainerOptions { ReportInterval = 1 });
        using var other = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);

        var second = WhileTraining(first, loss, () => other.Train(loss, 1));

        second.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("being trained by another trainer");
    }

    [Fact]
    public void Dispose_TrainerInUseOnAnotherThread_Throws()
    {
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model, new TrainerOptions { ReportInterval = 1 });
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);

        var dispose = WhileTraining(trainer, loss, trainer.Dispose);

        dispose.Should().BeOfType<InvalidOperationException>();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Train_ModelDisposedAfterTheTrainerWasMade_ThrowsObjectDisposed(bool generalPath)
    {
        var model = generalPath ? new MlpScoreModel(1, GeneralPath) : new MlpScoreModel(1);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        model.Dispose();

        var train = () => trainer.Train(loss, 5);

        train.Should().Throw<ObjectDisposedException>().WithMessage("*disposed after the trainer was created*");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Train_ModelDisposedByAnotherThreadDuringAReport_ThrowsObjectDisposed(bool generalPath)
    {
        var model = generalPath ? new MlpScoreModel(1, GeneralPath) : new MlpScoreModel(1);
        using var trainer = new Trainer(model, new TrainerOptions { ReportInterval = 1 });
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        var progress = new RecordingProgress<EpochReport>(report =>
        {
            if (report.EpochInRun == 3)
            {
                var other = new Thread(model.Dispose);
                other.Start();
                other.Join();
            }
        });

        var train = () => trainer.Train(loss, 10, progress);

        train.Should().Throw<ObjectDisposedException>();
        trainer.Epoch.Should().Be(3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Train_ModelDisposedByAnotherThreadWhileItTrains_ThrowsObjectDisposed(bool generalPath)
    {
        var model = generalPath ? new MlpScoreModel(1, GeneralPath) : new MlpScoreModel(1);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        Exception? thrown = null;
        var training = new Thread(() =>
        {
            try
            {
                trainer.Train(loss, 10_000_000);
            }
            catch (Exception e)
            {
                thrown = e;
            }
        });

        training.Start();
        Thread.Sleep(200);
        model.Dispose();
        training.Join();

        thrown.Should().BeOfType<ObjectDisposedException>();
        trainer.Epoch.Should().BePositive();
    }

    [Fact]
    public void Score_EnsembleMeanAfterItsEnsembleWasDisposed_ThrowsObjectDisposed()
    {
        var ensemble = new MlpEnsemble([1, 2]);
        using var mean = new EnsembleMeanScoreModel(ensemble);
        ensemble.Dispose();

        var score = () => mean.ScoreAt([0.0, 1.0]);

        score.Should().Throw<ObjectDisposedException>();
    }

    private static double[] TrainGeneral(int seed)
    {
        using var model = new MlpScoreModel(seed, GeneralPath);
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples);
        var losses = trainer.Train(loss, 30).Losses.ToArray();
        trainer.LastRunWasFused.Should().BeFalse();
        return losses;
    }

    /// <summary>Starts <paramref name="trainer"/> on another thread and runs <paramref name="act"/> while it is inside its first report; returns what <paramref name="act"/> threw.</summary>
    private static Exception? WhileTraining(Trainer trainer, ScoreLoss loss, Action act)
    {
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var progress = new RecordingProgress<EpochReport>(_ =>
        {
            inside.Set();
            release.Wait();
        });
        var training = new Thread(() => trainer.Train(loss, 2, progress));
        training.Start();
        inside.Wait();
        Exception? thrown = null;
        try
        {
            act();
        }
        catch (Exception e)
        {
            thrown = e;
        }
        finally
        {
            release.Set();
            training.Join();
        }

        return thrown;
    }
}
