using Samples.Common;
using System.Diagnostics;
using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Metrics;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Sampling;
using static TorchSharp.torch;

namespace GaussianMixture2D;

/// <summary>Runs Langevin chains from a score model and judges where they end up.</summary>
internal static class Chains
{
    /// <summary>About how many copies of the chains are kept for the animation, besides the start.</summary>
    public const int FrameCount = 40;

    /// <summary>
    /// Runs the chains from <paramref name="starts"/>: annealed Langevin dynamics down the model's levels for a
    /// noise-conditional model when <paramref name="annealed"/> is set, plain Langevin dynamics otherwise. The noise comes
    /// from a generator seeded by <see cref="StudyOptions.Seed"/>, so every model gets the same noise.
    /// </summary>
    /// <param name="model">The score model; noise-conditional when <paramref name="annealed"/> is set.</param>
    /// <param name="annealed">Whether to run annealed rather than plain dynamics.</param>
    /// <param name="starts">The chains' starting points.</param>
    /// <param name="options">The steps and step sizes, and the seed.</param>
    /// <param name="measure">Judges the chains' last finite points.</param>
    /// <param name="progress">Told the fraction of the steps done.</param>
    public static SamplingRun Run(IScoreModel model, bool annealed, double[,] starts, StudyOptions options, Func<double[,], SampleMetrics> measure, Action<double>? progress)
    {
        using var generator = new Generator(unchecked((ulong)options.Seed));
        var watch = Stopwatch.StartNew();
        SamplingResult result;
        int interval;
        Func<int, double> sigmaAt;
        if (annealed)
        {
            var conditional = (INoiseConditionalScoreModel)model;
            var total = conditional.Noise.Count * options.StepsPerLevel;
            interval = Math.Max(1, total / FrameCount);
            var report = new SynchronousProgress<SamplingReport>(r => progress?.Invoke((double)r.Step / r.Steps));
            result = LangevinSampler.SampleAnnealed(conditional, starts, generator, new AnnealedLangevinOptions { StepsPerLevel = options.StepsPerLevel, RecordInterval = interval, ReportInterval = interval }, report);
            sigmaAt = step => step == 0 ? double.NaN : conditional.Noise.Levels[(step - 1) / options.StepsPerLevel];
        }
        else
        {
            interval = Math.Max(1, options.LangevinSteps / FrameCount);
            var report = new SynchronousProgress<SamplingReport>(r => progress?.Invoke((double)r.Step / r.Steps));
            result = LangevinSampler.Sample(model, starts, generator, new LangevinOptions { StepSize = options.LangevinStepSize, Steps = options.LangevinSteps, RecordInterval = interval, ReportInterval = interval }, report);
            sigmaAt = _ => double.NaN;
        }

        watch.Stop();
        var frames = result.Trajectory.Select((points, k) => new ChainFrame(points, k * interval, sigmaAt(k * interval))).ToList();
        if (frames[^1].Step != result.StepsCompleted)
        {
            frames.Add(new ChainFrame(result.Samples, result.StepsCompleted, sigmaAt(result.StepsCompleted)));
        }

        var (finite, lost) = Planar.FiniteRows(result.Samples);
        return new SamplingRun(finite, frames, measure(finite) with { Lost = lost }, watch.Elapsed);
    }

    /// <summary>
    /// Compares <paramref name="samples"/> with <paramref name="reference"/>: the squared MMD with its bandwidth fixed to
    /// the median distance between the two sets, the energy distance, and, for the mixture, the component fractions.
    /// Fewer than two samples give NaN distances.
    /// </summary>
    public static SampleMetrics Measure(double[,] samples, double[,] reference, MultivariateGaussianMixture? mixture)
    {
        if (samples.GetLength(0) < 2)
        {
            return new SampleMetrics(double.NaN, double.NaN, double.NaN, null, 0);
        }

        var bandwidth = SampleDistances.MedianDistance(samples, reference);
        return new SampleMetrics(
            SampleDistances.MaximumMeanDiscrepancySquared(samples, reference, bandwidth),
            bandwidth,
            SampleDistances.EnergyDistance(samples, reference),
            mixture?.ComponentFractions(samples),
            0);
    }
}
