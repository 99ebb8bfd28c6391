using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>How a <see cref="Trainer"/> optimises, reports and keeps snapshots. Validated when the trainer is created.</summary>
public sealed record TrainerOptions
{
    /// <summary>Gets the learning rate handed to the optimizer.</summary>
    /// <value>The default is 0.03, as in the original example.</value>
    public double LearningRate { get; init; } = 0.03;

    /// <summary>
    /// Gets the factory of the optimizer, given the model's parameters and <see cref="LearningRate"/>. The trainer
    /// calls it once and disposes what it returns.
    /// </summary>
    /// <value>The default, <see langword="null"/>, stands for Adam with β = (0.9, 0.999) and ε = 1e-8.</value>
    public Func<IEnumerable<Parameter>, double, optim.Optimizer>? OptimizerFactory { get; init; }

    /// <summary>Gets the number of epochs between two progress reports.</summary>
    /// <value>The default is 25. The last epoch of a run is always reported.</value>
    public int ReportInterval { get; init; } = 25;

    /// <summary>
    /// Gets the number of epochs between two parameter snapshots, or <see langword="null"/> to keep none. When set,
    /// the state before the first epoch of a run is kept too.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? SnapshotInterval { get; init; }

    /// <summary>
    /// Gets the number of samples per optimizer step, or <see langword="null"/> for full-batch epochs. When set, a
    /// loss that is a mean over samples (<see cref="Losses.ScoreLoss.SampleCount"/>) is trained on shuffled
    /// mini-batches: each epoch visits every sample once, in an order drawn from the trainer's generator, with one
    /// update per batch.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? BatchSize { get; init; }

    /// <summary>
    /// Gets the seed of the trainer's generator, on the model's device, which shuffles the samples for mini-batches and
    /// draws the randomness of each step (directions, noise); the same seed gives the same run.
    /// </summary>
    /// <value>The default is 0.</value>
    public long Seed { get; init; }

    /// <summary>Gets the engine that runs the steps.</summary>
    /// <value>The default is <see cref="TrainingEngine.Automatic"/>: the fused managed engine where it applies, TorchSharp elsewhere.</value>
    public TrainingEngine Engine { get; init; }

    /// <summary>Creates the optimizer over <paramref name="parameters"/>: Adam, or what <see cref="OptimizerFactory"/> returns.</summary>
    /// <exception cref="ArgumentException">The factory returned null; reported against the options, named <paramref name="optionsName"/>.</exception>
    internal optim.Optimizer CreateOptimizer(Parameter[] parameters, string optionsName) =>
        OptimizerFactory is null
            ? optim.Adam(parameters, LearningRate)
            : OptimizerFactory(parameters, LearningRate) ?? throw new ArgumentException("The optimizer factory returned null.", optionsName);

    /// <summary>Throws when the learning rate cannot be represented in <paramref name="dtype"/>, the dtype of the parameters the optimizer updates.</summary>
    internal void ThrowIfBeyond(ScalarType dtype)
    {
        if (LearningRate > FloatingRange.Largest(dtype))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"The learning rate is beyond the largest {dtype} value, {FloatingRange.Largest(dtype)}, the dtype of the parameters it updates.");
        }
    }

    /// <summary>Throws when an option is out of range.</summary>
    internal void Validate()
    {
        Guard.ThrowIfNotFinitePositive(LearningRate, nameof(LearningRate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReportInterval, nameof(ReportInterval));
        if (!Enum.IsDefined(Engine))
        {
            throw new ArgumentOutOfRangeException(nameof(Engine), Engine, "Unknown training engine.");
        }

        if (BatchSize is { } batchSize)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize, nameof(BatchSize));
        }

        if (SnapshotInterval is { } snapshotInterval)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(snapshotInterval, nameof(SnapshotInterval));
        }
    }
}
