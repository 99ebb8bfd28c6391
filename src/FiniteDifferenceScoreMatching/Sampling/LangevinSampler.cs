using FiniteDifferenceScoreMatching.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Sampling;

/// <summary>
/// Langevin dynamics driven by a score model: many chains at once, one batched score evaluation per step, on the
/// model's device, with the noise drawn from the caller's generator.
/// </summary>
/// <remarks>
/// <para>
/// Unadjusted Langevin dynamics, x ← x + ε ψ(x) + √(2ε) z, samples approximately from the density whose score ψ is,
/// with an error that shrinks with ε; where the density has modes separated by low-density gaps, chains rarely cross
/// them, so the modes' shares stay close to those of the starting points. Annealed Langevin dynamics (Song and Ermon,
/// 2019) walks a noise-conditional model down its levels, large noise first, so that chains see across the gaps and
/// the modes get their weights.
/// </para>
/// <para>
/// Every step runs in a dispose scope of its own and without recording gradients; the chains are one tensor updated in
/// place, so native memory does not grow with the steps. The same generator state gives the same chains.
/// </para>
/// </remarks>
public static class LangevinSampler
{
    /// <summary>Runs unadjusted Langevin dynamics from <paramref name="initial"/>.</summary>
    /// <param name="model">The score model; one member. Not disposed.</param>
    /// <param name="initial">The chains' starting points, one per row of an [N, d] array with the model's d; finite.</param>
    /// <param name="generator">The source of the noise, on the model's device; advanced, not disposed.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives a report every <see cref="LangevinOptions.ReportInterval"/> steps and at the last; may be null.</param>
    /// <param name="cancellationToken">Checked before each step; when signalled, the call returns the chains as they are.</param>
    /// <returns>The chains' last points and, if asked for, copies along the way.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The model has more than one member, or the points are empty, not finite, or of another dimension.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static SamplingResult Sample(IScoreModel model, double[,] initial, Generator generator, LangevinOptions? options = null, IProgress<SamplingReport>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new LangevinOptions();
        options.Validate();
        ThrowIfBad(model, initial, generator);
        var (step, noise) = (options.StepSize, Math.Sqrt(2 * options.StepSize));
        return Run(model, initial, options.Steps, options.RecordInterval, options.ReportInterval, progress, cancellationToken, (x, _) =>
        {
            var score = model.Score(x);
            var z = randn(x.shape, x.dtype, x.device, generator: generator);
            x.add_((score * step) + (z * noise));
            return double.NaN;
        });
    }

    /// <summary>
    /// Runs annealed Langevin dynamics from <paramref name="initial"/> down the levels of <paramref name="model"/>'s
    /// schedule: at each level σᵢ, <see cref="AnnealedLangevinOptions.StepsPerLevel"/> steps of
    /// x ← x + (αᵢ / 2) ψ(x, σᵢ) + √αᵢ z with αᵢ = ε σᵢ² / σ_L².
    /// </summary>
    /// <param name="model">The noise-conditional score model; not disposed.</param>
    /// <param name="initial">The chains' starting points, one per row of an [N, d] array with the model's d; finite. Song and Ermon start from uniform noise.</param>
    /// <param name="generator">The source of the noise, on the model's device; advanced, not disposed.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives a report every <see cref="AnnealedLangevinOptions.ReportInterval"/> steps and at the last; may be null.</param>
    /// <param name="cancellationToken">Checked before each step; when signalled, the call returns the chains as they are.</param>
    /// <returns>The chains' last points and, if asked for, copies along the way.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The points are empty, not finite, or of another dimension than the model's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static SamplingResult SampleAnnealed(INoiseConditionalScoreModel model, double[,] initial, Generator generator, AnnealedLangevinOptions? options = null, IProgress<SamplingReport>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new AnnealedLangevinOptions();
        options.Validate();
        ThrowIfBad(model, initial, generator);
        var levels = model.Noise.Levels;
        var smallest = model.Noise.Smallest;
        var perLevel = options.StepsPerLevel;
        return Run(model, initial, levels.Count * perLevel, options.RecordInterval, options.ReportInterval, progress, cancellationToken, (x, index) =>
        {
            var sigma = levels[index / perLevel];
            var alpha = options.StepSize * sigma * sigma / (smallest * smallest);
            var score = model.Score(x, full(x.size(0), sigma, x.dtype, x.device));
            var z = randn(x.shape, x.dtype, x.device, generator: generator);
            x.add_((score * (alpha / 2)) + (z * Math.Sqrt(alpha)));
            return sigma;
        });
    }

    /// <summary>
    /// Runs Metropolis-adjusted Langevin dynamics from <paramref name="initial"/>: each step proposes
    /// y = x + ε ψ(x) + √(2ε) z and accepts it with probability
    /// min(1, exp(E(x) − E(y)) q(x | y) / q(y | x)), q the proposal's Gaussian density, so that exp(−E) is the chains'
    /// stationary density exactly, whatever the step size.
    /// </summary>
    /// <param name="model">The energy-parametrised score model; one member. Not disposed.</param>
    /// <param name="initial">The chains' starting points, one per row of an [N, d] array with the model's d; finite.</param>
    /// <param name="generator">The source of the proposals and of the acceptance draws, on the model's device; advanced, not disposed.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives a report every <see cref="LangevinOptions.ReportInterval"/> steps and at the last; may be null.</param>
    /// <param name="cancellationToken">Checked before each step; when signalled, the call returns the chains as they are.</param>
    /// <returns>The chains' last points, copies along the way if asked for, and the fraction of proposals accepted.</returns>
    /// <remarks>
    /// A step evaluates the energy and the score once, at the proposal; those of the current points are kept from the
    /// step that accepted them. A proposal whose energy or score is not finite is rejected. Too large a step shows as a
    /// low <see cref="SamplingResult.AcceptanceRate"/> rather than as a biased density.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The model has more than one member, or the points are empty, not finite, or of another dimension.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static SamplingResult SampleMetropolisAdjusted(IEnergyScoreModel model, double[,] initial, Generator generator, LangevinOptions? options = null, IProgress<SamplingReport>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new LangevinOptions();
        options.Validate();
        ThrowIfBad(model, initial, generator);
        var (step, noise) = (options.StepSize, Math.Sqrt(2 * options.StepSize));
        Tensor? energy = null, score = null, accepted = null;
        try
        {
            var result = Run(model, initial, options.Steps, options.RecordInterval, options.ReportInterval, progress, cancellationToken, (x, _) =>
            {
                if (energy is null)
                {
                    energy = model.Energy(x).DetachFromDisposeScope();
                    score = model.Score(x).DetachFromDisposeScope();
                    accepted = zeros(1, ScalarType.Int64, x.device).DetachFromDisposeScope();
                }

                var forward = x + (score! * step);
                var proposal = forward + (randn(x.shape, x.dtype, x.device, generator: generator) * noise);
                var proposalEnergy = model.Energy(proposal);
                var proposalScore = model.Score(proposal);
                var backward = proposal + (proposalScore * step);
                var logRatio = energy - proposalEnergy
                    - ((x - backward).square().sum(1) / (4 * step))
                    + ((proposal - forward).square().sum(1) / (4 * step));
                var accept = rand(x.size(0), x.dtype, x.device, generator: generator).log() < logRatio;
                accept.logical_and_(proposalScore.isfinite().all(1)).logical_and_(proposalEnergy.isfinite());
                var rows = accept.unsqueeze(1);
                x.copy_(where(rows, proposal, x));
                score!.copy_(where(rows, proposalScore, score));
                energy.copy_(where(accept, proposalEnergy, energy));
                accepted!.add_(accept.sum());
                return double.NaN;
            });
            var rate = result.StepsCompleted == 0 ? double.NaN : accepted!.ToInt64() / ((double)result.StepsCompleted * initial.GetLength(0));
            return result.WithAcceptanceRate(rate);
        }
        finally
        {
            energy?.Dispose();
            score?.Dispose();
            accepted?.Dispose();
        }
    }

    /// <summary>The loop all samplers share: steps in dispose scopes, the trajectory, progress and cancellation.</summary>
    private static SamplingResult Run(
        IScoreModel model,
        double[,] initial,
        int steps,
        int? recordInterval,
        int reportInterval,
        IProgress<SamplingReport>? progress,
        CancellationToken cancellationToken,
        Func<Tensor, int, double> step)
    {
        using var gate = TorchGate.Enter();
        using var x = TensorFactory.Matrix(initial, model.DType, model.Device).DetachFromDisposeScope();
        var trajectory = new List<double[,]>();
        if (recordInterval is not null)
        {
            trajectory.Add((double[,])initial.Clone());
        }

        var completed = 0;
        while (completed < steps && !cancellationToken.IsCancellationRequested)
        {
            double sigma;
            using (NewDisposeScope())
            using (no_grad())
            {
                sigma = step(x, completed);
            }

            completed++;
            if (completed % recordInterval == 0)
            {
                trajectory.Add(ToArray(x));
            }

            if (progress is not null && (completed % reportInterval == 0 || completed == steps))
            {
                var report = new SamplingReport(completed, steps, sigma);
                TorchGate.Outside(() => progress.Report(report));
            }
            else
            {
                TorchGate.Yield();
            }
        }

        return new SamplingResult(ToArray(x), trajectory, completed, completed < steps);
    }

    private static void ThrowIfBad(IScoreModel model, double[,] initial, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(generator);
        Guard.ThrowIfBadPoints(initial, nameof(initial));
        if (model.Members != 1)
        {
            throw new ArgumentException($"A sampler follows one score model; this one has {model.Members} members.", nameof(model));
        }

        if (initial.GetLength(1) != model.Dimension)
        {
            throw new ArgumentException($"The starting points have {initial.GetLength(1)} coordinates, but the model takes {model.Dimension}.", nameof(initial));
        }
    }

    private static double[,] ToArray(Tensor x)
    {
        using var values = x.to(ScalarType.Float64, CPU);
        var flat = values.data<double>().ToArray();
        var result = new double[x.size(0), x.size(1)];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }
}
