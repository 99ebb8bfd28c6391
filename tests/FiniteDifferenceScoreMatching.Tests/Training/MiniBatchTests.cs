using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training;

public sealed class MiniBatchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fdsm-minibatch-").FullName;
    private readonly double[] _samples = SeedProblem.Samples(1000);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ComputeEach_AllIndicesInOrder_EqualsFullLossAndGradients()
    {
        using var model = new MlpScoreModel(3, new MlpOptions { DType = ScalarType.Float64, Activation = Activation.Tanh });
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
        using var all = arange(_samples.Length, ScalarType.Int64);

        var (full, fullGradients) = TestModels.ValueAndGradients(model, () => loss.Compute(model));
        var (batched, batchedGradients) = TestModels.ValueAndGradients(model, () => loss.ComputeEach(new LossContext(model, batch: all)).sum());

        batched.Should().BeApproximately(full, 1e-12);
        for (var i = 0; i < fullGradients.Length; i++)
        {
            batchedGradients[i].Should().BeApproximately(fullGradients[i], 1e-12);
        }
    }

    [Fact]
    public void ComputeEach_Subset_IsMeanOverThoseSamples()
    {
        using var model = TestModels.Affine(-1, 0.5);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss([-2.0, 0.0, 1.0, 4.0], delta: 0.1);
        using var indices = tensor(new long[] { 3, 0 });

        using var value = loss.ComputeEach(new LossContext(model, batch: indices));

        // ψ = −x + ½ is affine, so ψ̄ = ψ and Dψ = −1 exactly.
        var expected = new[] { 4.0, -2.0 }.Average(x => (0.5 * Math.Pow(-x + 0.5, 2)) - 1);
        value.ToDouble().Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Train_BatchSize_UpdatesOncePerBatchAndIsReproducible()
    {
        var options = new TrainerOptions { BatchSize = 250, Seed = 5 };

        var first = Run(options, 30);
        var again = Run(options, 30);
        var otherOrder = Run(options with { Seed = 6 }, 30);

        first.Losses.Should().HaveCount(30).And.OnlyContain(l => double.IsFinite(l));
        again.Losses.Should().Equal(first.Losses);
        otherOrder.Losses.Should().NotEqual(first.Losses);
        first.Losses[^1].Should().BeLessThan(first.Losses[0]);
    }

    [Fact]
    public void Train_BatchSizeAtLeastSampleCount_IsFullBatch()
    {
        var full = Run(new TrainerOptions(), 20);

        var batched = Run(new TrainerOptions { BatchSize = _samples.Length }, 20);

        batched.Losses.Should().Equal(full.Losses);
    }

    [Fact]
    public void Train_FourBatches_LearnsFasterPerEpochThanFullBatch()
    {
        var full = Run(new TrainerOptions(), 50);

        var batched = Run(new TrainerOptions { BatchSize = 250 }, 50);

        batched.Losses[^1].Should().BeLessThan(full.Losses[^1], "four updates per epoch go further than one");
    }

    [Fact]
    public void Train_BatchSizeWithLossThatCannotBatch_ThrowsNamingLoss()
    {
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model, new TrainerOptions { BatchSize = 10 });
        using var loss = new ExplicitScoreMatchingLoss(SeedProblem.Target);

        var act = () => trainer.Train(loss, 1);

        act.Should().Throw<ArgumentException>().WithParameterName("loss").WithMessage("*mean over samples*ExplicitScoreMatchingLoss*");
    }

    [Fact]
    public void Resume_MiniBatchRun_ContinuesWithTheSameShuffles()
    {
        var options = new TrainerOptions { BatchSize = 300, Seed = 9 };
        var straight = Run(options, 25).Losses;
        var path = Path.Combine(_folder, "batches.ckpt");
        List<double> resumed;
        using (var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples))
        {
            using (var model = new MlpScoreModel(1))
            using (var trainer = new Trainer(model, options))
            {
                resumed = [.. trainer.Train(loss, 15).Losses];
                trainer.SaveCheckpoint(path);
            }

            using var fresh = new MlpScoreModel(2);
            using var again = Trainer.Resume(fresh, path);
            again.Options.BatchSize.Should().Be(300);
            again.Options.Seed.Should().Be(9);
            resumed.AddRange(again.Train(loss, 10).Losses);
        }

        resumed.Should().Equal(straight);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Train_ManyMiniBatchEpochs_LiveTensorCountDoesNotGrow(bool generalPath)
    {
        using var model = new MlpScoreModel(1);
        var options = new TrainerOptions { BatchSize = 128 };
        using var trainer = new Trainer(model, generalPath ? options with { Engine = TrainingEngine.TorchSharp } : options);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
        trainer.Train(loss, 2);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.Train(loss, 100);

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Fact]
    public void LossContext_FloatIndices_ThrowsNamingThem()
    {
        using var model = new MlpScoreModel(1);
        using var indices = zeros(3);

        var act = () => new LossContext(model, batch: indices);

        act.Should().Throw<ArgumentException>().WithParameterName("batch").WithMessage("*Float32*");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1000)]
    public void ComputeEach_IndexOutsideTheSamples_ThrowsNamingTheContext(long index)
    {
        using var model = new MlpScoreModel(1);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
        using var indices = tensor(new[] { 0L, index });

        var act = () => loss.ComputeEach(new LossContext(model, batch: indices));

        act.Should().Throw<ArgumentException>().WithParameterName("context").WithMessage("*[0, 1000)*");
    }

    [Fact]
    public void ComputeEach_BatchOfAGridLoss_ThrowsNamingTheContext()
    {
        using var model = new MlpScoreModel(1);
        using var loss = new GridFiniteDifferenceScoreMatchingLoss(SeedProblem.Target);
        using var indices = tensor(new[] { 0L, 1L });

        var act = () => loss.ComputeEach(new LossContext(model, batch: indices));

        act.Should().Throw<ArgumentException>().WithParameterName("context").WithMessage("*not a mean over samples*");
    }

    [Fact]
    public void Ctor_NonPositiveBatchSize_Throws()
    {
        using var model = new MlpScoreModel(1);

        var act = () => new Trainer(model, new TrainerOptions { BatchSize = 0 });

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(TrainerOptions.BatchSize));
    }

    private TrainingResult Run(TrainerOptions options, int epochs)
    {
        using var model = new MlpScoreModel(1);
        using var trainer = new Trainer(model, options);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(_samples);
        return trainer.Train(loss, epochs);
    }
}
