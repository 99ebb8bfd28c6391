using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training.Engines;

/// <summary>
/// The fused engine (default Adam, an <see cref="MlpScoreModel"/>, a finite-difference loss over all
/// samples) against the TorchSharp engine (its forward pass, autograd and
/// optimizer), and the fused engine's handling of state, non-finite updates and disposal.
/// </summary>
public class FusedEngineTests
{

    [Theory]
    [InlineData(Activation.Relu, new[] { 8 }, 0.0)]
    [InlineData(Activation.Tanh, new[] { 8 }, 0.0)]
    [InlineData(Activation.Softplus, new[] { 32 }, 0.1)]
    [InlineData(Activation.Silu, new[] { 16 }, 0.0)]
    [InlineData(Activation.Relu, new[] { 5 }, 0.3)]
    public void Train_Float64_FollowsTheGeneralPath(Activation activation, int[] widths, double curvature)
    {
        var options = new MlpOptions { Activation = activation, HiddenWidths = widths, DType = ScalarType.Float64 };
        var samples = SeedProblem.Samples(300);

        var (fusedLosses, fusedParameters) = Run(options, samples, curvature, null, 40);
        var (generalLosses, generalParameters) = Run(options, samples, curvature, TrainingPaths.General, 40);

        CloseValues.Assert(fusedLosses, generalLosses, 1e-9);
        CloseValues.Assert(fusedParameters, generalParameters, 1e-9);
    }

    [Theory]
    [InlineData(Activation.Relu, new[] { 8 }, ScalarType.Float32, true)]
    [InlineData(Activation.Tanh, new[] { 32 }, ScalarType.Float32, true)]
    [InlineData(Activation.Softplus, new[] { 32 }, ScalarType.Float64, true)]
    [InlineData(Activation.Softplus, new[] { 32 }, ScalarType.Float32, false)]
    [InlineData(Activation.Relu, new[] { 8, 8 }, ScalarType.Float64, false)]
    public void Train_TakesTheFusedPathOnlyWhereItIsFaster(Activation activation, int[] widths, ScalarType dtype, bool fused)
    {
        using var model = new MlpScoreModel(1, new MlpOptions { Activation = activation, HiddenWidths = widths, DType = dtype });
        using var trainer = new Trainer(model);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(64));

        trainer.Train(loss, 2);

        trainer.LastRunWasFused.Should().Be(fused);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    public void Train_MiniBatches_FollowTheGeneralPath(double curvature)
    {
        var options = new MlpOptions { DType = ScalarType.Float64 };
        var samples = SeedProblem.Samples(300);
        var batches = new TrainerOptions { BatchSize = 64, Seed = 5 };

        var (fusedLosses, fusedParameters) = Run(options, samples, curvature, batches, 15);
        var (generalLosses, generalParameters) = Run(options, samples, curvature, batches with { Engine = TrainingEngine.TorchSharp }, 15);

        CloseValues.Assert(fusedLosses, generalLosses, 1e-9);
        CloseValues.Assert(fusedParameters, generalParameters, 1e-9);
    }

    [Fact]
    public void Train_OtherOptimizerOrLoss_TakesTheGeneralPath()
    {
        var samples = SeedProblem.Samples(64);
        using var model = new MlpScoreModel(1);
        using var fd = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        using var explicitLoss = new ExplicitScoreMatchingLoss(SeedProblem.Target);
        using var byDefault = new Trainer(model);
        using var factory = new Trainer(model, TrainingPaths.General);
        using var batches = new Trainer(model, new TrainerOptions { BatchSize = 16 });
        using var wholeBatch = new Trainer(model, new TrainerOptions { BatchSize = 64 });

        byDefault.Train(fd, 1);
        byDefault.LastRunWasFused.Should().BeTrue();
        byDefault.Train(explicitLoss, 1);
        byDefault.LastRunWasFused.Should().BeFalse("the explicit loss is not a finite-difference objective");
        factory.Train(fd, 1);
        factory.LastRunWasFused.Should().BeFalse("a factory may return any optimizer");
        batches.Train(fd, 1);
        batches.LastRunWasFused.Should().BeTrue("mini-batches of a sample mean take the fused path too");
        wholeBatch.Train(fd, 1);
        wholeBatch.LastRunWasFused.Should().BeTrue("a batch as large as the sample is a full batch");
    }

    [Fact]
    public void Resume_CheckpointOfAnAdamWithOtherSettings_TakesTheGeneralPathWithThoseSettings()
    {
        var options = new MlpOptions { DType = ScalarType.Float64 };
        var path = Path.Combine(Path.GetTempPath(), $"fdsm-fused-{Guid.NewGuid():N}.ckpt");
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(128));
        using var model = new MlpScoreModel(11, options);
        using var trainer = new Trainer(model, new TrainerOptions { OptimizerFactory = (parameters, rate) => optim.Adam(parameters, rate, beta1: 0.5, weight_decay: 0.5) });
        try
        {
            trainer.Train(loss, 10);
            trainer.SaveCheckpoint(path);
            using var resumedModel = new MlpScoreModel(12, options);
            using var resumed = Trainer.Resume(resumedModel, path);

            var continued = resumed.Train(loss, 5).Losses;

            resumed.LastRunWasFused.Should().BeFalse("the restored Adam has β₁ = 0.5 and weight decay, which the fused path does not implement");
            continued.Should().Equal(trainer.Train(loss, 5).Losses);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Train_ProgressCallbackChangesTheParameters_TheRunGoesOnFromTheChange()
    {
        var options = new MlpOptions { DType = ScalarType.Float64 };
        var samples = SeedProblem.Samples(128);

        double[] Run(TrainerOptions trainerOptions)
        {
            using var model = new MlpScoreModel(13, options);
            using var trainer = new Trainer(model, trainerOptions with { ReportInterval = 5 });
            using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
            var start = ParameterSnapshot.Capture(model);
            var progress = new RecordingProgress<EpochReport>(report =>
            {
                if (report.EpochInRun == 5)
                {
                    start.RestoreInto(model);
                }
            });
            trainer.Train(loss, 20, progress);
            return ParameterSnapshot.Capture(model).Flatten();
        }

        CloseValues.Assert(Run(new TrainerOptions()), Run(TrainingPaths.General), 1e-9);
    }

    [Fact]
    public void Train_WidthsListChangedAfterTheModelWasBuilt_UsesTheModelsOwnWidth()
    {
        int[] widths = [8];
        var options = new MlpOptions { HiddenWidths = widths, Activation = Activation.Tanh, DType = ScalarType.Float64 };
        using var fusedModel = new MlpScoreModel(14, options);
        using var generalModel = new MlpScoreModel(14, options);
        widths[0] = 16;
        using var fused = new Trainer(fusedModel);
        using var general = new Trainer(generalModel, TrainingPaths.General);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(128));

        CloseValues.Assert([.. fused.Train(loss, 10).Losses], [.. general.Train(loss, 10).Losses], 1e-9);
        fused.LastRunWasFused.Should().BeTrue();
    }

    [Fact]
    public void Train_CancelledBeforeTheFirstEpoch_ReturnsCancelledEvenWithADisposedLoss()
    {
        using var model = new MlpScoreModel(15);
        using var trainer = new Trainer(model);
        var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(64));
        loss.Dispose();

        var result = trainer.Train(loss, 5, cancellationToken: new CancellationToken(canceled: true));

        result.StopReason.Should().Be(StopReason.Cancelled);
        result.EpochsCompleted.Should().Be(0);
    }

    [Fact]
    public void Train_Float32_FollowsTheFloat64TrajectoryToSinglePrecision()
    {
        // The fused path computes in double precision and rounds only what it stores, so a float32 model follows the
        // float64 run to float32 resolution; TorchSharp's float32 arithmetic drifts further (Adam divides by the
        // root of small second moments, which amplifies rounding in the gradients).
        var options = new MlpOptions();
        var samples = SeedProblem.Samples(300);

        var (fusedLosses, fusedParameters) = Run(options, samples, 0, null, 40);
        var (generalLosses, generalParameters) = Run(options, samples, 0, TrainingPaths.General, 40);
        var (referenceLosses, referenceParameters) = Run(options with { DType = ScalarType.Float64 }, samples, 0, TrainingPaths.General, 40);

        CloseValues.Assert(fusedLosses, referenceLosses, 1e-6);
        CloseValues.Assert(fusedParameters, referenceParameters, 1e-6);
        MaxDifference(fusedParameters, referenceParameters).Should().BeLessThan(MaxDifference(generalParameters, referenceParameters));
        MaxDifference(fusedLosses, referenceLosses).Should().BeLessThan(MaxDifference(generalLosses, referenceLosses));
    }

    [Fact]
    public void Train_GridLoss_FollowsTheGeneralPath()
    {
        var options = new MlpOptions { DType = ScalarType.Float64 };
        using var fusedModel = new MlpScoreModel(5, options);
        using var generalModel = new MlpScoreModel(5, options);
        using var fused = new Trainer(fusedModel);
        using var general = new Trainer(generalModel, TrainingPaths.General);
        using var loss = new GridFiniteDifferenceScoreMatchingLoss(SeedProblem.Target);

        var fusedLosses = fused.Train(loss, 40).Losses;
        var generalLosses = general.Train(loss, 40).Losses;

        CloseValues.Assert([.. fusedLosses], [.. generalLosses], 1e-9);
        CloseValues.Assert(ParameterSnapshot.Capture(fusedModel).Flatten(), ParameterSnapshot.Capture(generalModel).Flatten(), 1e-9);
    }

    [Fact]
    public void Train_GeneralPathAfterFusedPath_ContinuesFromTheWrittenBackOptimizerState()
    {
        var options = new MlpOptions { DType = ScalarType.Float64 };
        var samples = SeedProblem.Samples(200);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        using var viaGeneral = new OpaqueLoss(loss);
        using var mixedModel = new MlpScoreModel(6, options);
        using var generalModel = new MlpScoreModel(6, options);
        using var mixed = new Trainer(mixedModel);
        using var general = new Trainer(generalModel);

        var mixedLosses = mixed.Train(loss, 20).Losses.Concat(mixed.Train(viaGeneral, 20).Losses).ToArray();
        var generalLosses = general.Train(viaGeneral, 40).Losses.ToArray();

        CloseValues.Assert(mixedLosses, generalLosses, 1e-9);
        CloseValues.Assert(ParameterSnapshot.Capture(mixedModel).Flatten(), ParameterSnapshot.Capture(generalModel).Flatten(), 1e-9);
    }

    [Fact]
    public void Train_HugeLearningRate_StopsWithTheLastFiniteParameters()
    {
        var options = new MlpOptions { DType = ScalarType.Float64 };
        var samples = SeedProblem.Samples(128);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        using var model = new MlpScoreModel(7, options);
        using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 1e300 });

        var result = trainer.Train(loss, 50);

        result.StopReason.Should().Be(StopReason.NonFinite);
        result.EpochsCompleted.Should().BeGreaterThan(0).And.BeLessThan(50);
        var parameters = ParameterSnapshot.Capture(model).Flatten();
        parameters.Should().OnlyContain(v => double.IsFinite(v));
        using var replayModel = new MlpScoreModel(7, options);
        using var replay = new Trainer(replayModel, new TrainerOptions { LearningRate = 1e300 });
        replay.Train(loss, result.EpochsCompleted).StopReason.Should().Be(StopReason.Completed);
        parameters.Should().Equal(ParameterSnapshot.Capture(replayModel).Flatten());
    }

    [Fact]
    public void Train_Float32LossBeyondFloat32Range_StopsAtTheSameEpochAsTheTorchSharpEngine()
    {
        var samples = SeedProblem.Samples(256);

        TrainingResult Run(TrainerOptions options)
        {
            using var model = new MlpScoreModel(1);
            using var trainer = new Trainer(model, options);
            using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
            return trainer.Train(loss, 20);
        }

        var fused = Run(new TrainerOptions { LearningRate = 1e10 });
        var general = Run(TrainingPaths.General with { LearningRate = 1e10 });

        general.StopReason.Should().Be(StopReason.NonFinite);
        fused.StopReason.Should().Be(StopReason.NonFinite);
        fused.EpochsCompleted.Should().Be(general.EpochsCompleted);
    }

    [Fact]
    public void Train_ModelDisposedDuringTheRun_ThrowsObjectDisposed()
    {
        var model = new MlpScoreModel(8);
        using var trainer = new Trainer(model, new TrainerOptions { ReportInterval = 1 });
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(64));
        var progress = new RecordingProgress<EpochReport>(report =>
        {
            if (report.EpochInRun == 2)
            {
                model.Dispose();
            }
        });

        var act = () => trainer.Train(loss, 5, progress);

        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Train_SnapshotsAndProgress_SeeTheParametersOfEachEpoch()
    {
        var options = new MlpOptions { DType = ScalarType.Float64 };
        using var model = new MlpScoreModel(9, options);
        using var trainer = new Trainer(model, new TrainerOptions { SnapshotInterval = 1, ReportInterval = 1 });
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(64));
        var seen = new List<double[]>();
        var progress = new RecordingProgress<EpochReport>(_ => seen.Add(ParameterSnapshot.Capture(model).Flatten()));

        var result = trainer.Train(loss, 3, progress);

        result.Snapshots.Should().HaveCount(4);
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            seen[epoch - 1].Should().Equal(result.Snapshots[epoch].Parameters.Flatten());
            seen[epoch - 1].Should().NotEqual(result.Snapshots[epoch - 1].Parameters.Flatten());
        }
    }

    private static (double[] Losses, double[] Parameters) Run(MlpOptions options, double[] samples, double curvature, TrainerOptions? trainerOptions, int epochs)
    {
        using var model = new MlpScoreModel(3, options);
        using var trainer = new Trainer(model, trainerOptions);
        using ScoreLoss loss = curvature == 0 ? new EmpiricalFiniteDifferenceScoreMatchingLoss(samples) : new CurvaturePenalizedScoreMatchingLoss(samples, curvature);
        var losses = trainer.Train(loss, epochs).Losses.ToArray();
        return (losses, ParameterSnapshot.Capture(model).Flatten());
    }

    private static double MaxDifference(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    /// <summary>The same loss behind a type the fused path does not know, so training takes the general path.</summary>
    private sealed class OpaqueLoss(ScoreLoss inner) : ScoreLoss
    {
        protected override Tensor ComputeCore(LossContext context) => inner.ComputeEach(context);
    }
}
