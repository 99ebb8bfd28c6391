using Samples.Common;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training;

namespace GaussianMixture2D;

/// <summary>The models the study fits and how it trains them.</summary>
internal static class Fitting
{
    /// <summary>The learning rate of the last quarter of a noise-conditional fit, relative to the first three quarters'.</summary>
    public const double CoolDownFactor = 0.1;

    /// <summary>The 2 → H → 2 ReLU network of the finite-difference fits (1) and (2).</summary>
    public static MlpScoreModel CreateFiniteDifferenceModel(StudyOptions options) =>
        new(options.Seed, new MlpOptions { Dimension = 2, HiddenWidths = [options.HiddenWidth], Activation = Activation.Relu });

    /// <summary>
    /// The noise-conditional network of (3) and of the gallery: ψ(x, σ) = f([x / √(σ² + s²), log σ]) / σ with f a
    /// 3 → 64 → 64 → 64 → 2 ReLU network, over the ten levels 10 to 0.01, and s the scale of <paramref name="samples"/>.
    /// A third hidden layer costs half as much again per epoch and is what resolves the checkerboard's squares; two
    /// layers of 64 blur them into a disc.
    /// </summary>
    public static NoiseConditionalScoreModel CreateNoiseConditionalModel(StudyOptions options, double[,] samples) =>
        new(options.Seed, StudyOptions.Noise, new MlpOptions { Dimension = 2, HiddenWidths = NoiseConditionalWidths, Activation = Activation.Relu }, NoiseConditionalScoreModel.DataScaleOf(samples));

    /// <summary>The hidden widths of the noise-conditional network.</summary>
    public static IReadOnlyList<int> NoiseConditionalWidths { get; } = [64, 64, 64];

    /// <summary>
    /// Trains <paramref name="model"/> full batch for <paramref name="epochs"/> epochs at one learning rate, telling
    /// <paramref name="progress"/> the fraction of the epochs done.
    /// </summary>
    /// <returns>The loss of every epoch.</returns>
    public static IReadOnlyList<double> Train(IScoreModel model, ScoreLoss loss, double learningRate, int epochs, long seed, Action<double> progress)
    {
        using var trainer = new Trainer(model, new TrainerOptions { LearningRate = learningRate, Seed = seed, ReportInterval = Math.Max(1, epochs / 100) });
        return trainer.Train(loss, epochs, new SynchronousProgress<EpochReport>(r => progress((double)r.EpochInRun / r.EpochsInRun))).Losses;
    }

    /// <summary>
    /// Trains a noise-conditional model by denoising: three quarters of <see cref="StudyOptions.NoiseEpochs"/> at
    /// <see cref="StudyOptions.NoiseLearningRate"/>, the last quarter at a tenth of it with fresh Adam moments. Each epoch's
    /// loss draws new levels and noise, so at a constant rate the parameters keep jittering around the minimum, and the
    /// smallest levels, whose scores are largest, jitter most; the lower rate lets them settle before sampling.
    /// <paramref name="progress"/> is told the fraction of all the epochs done.
    /// </summary>
    /// <returns>The loss of every epoch of both phases.</returns>
    public static IReadOnlyList<double> TrainNoiseConditional(IScoreModel model, double[,] samples, StudyOptions options, Action<double> progress)
    {
        using var loss = new NoiseConditionalScoreMatchingLoss(samples);
        var total = options.NoiseEpochs;
        var coolDown = total / 4;
        var main = total - coolDown;
        var losses = Train(model, loss, options.NoiseLearningRate, main, options.Seed, fraction => progress(fraction * main / total)).ToList();
        if (coolDown > 0)
        {
            losses.AddRange(Train(model, loss, options.NoiseLearningRate * CoolDownFactor, coolDown, options.Seed + 1L, fraction => progress((main + (fraction * coolDown)) / total)));
        }

        return losses;
    }
}
