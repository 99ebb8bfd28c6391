namespace FiniteDifferenceScoreMatching.Training;

/// <summary>Progress of a training run, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Epoch">The epoch just completed, counted over the trainer's whole life (from 1).</param>
/// <param name="EpochInRun">The epoch just completed, counted within the current call to <see cref="Trainer.Train"/> (from 1).</param>
/// <param name="EpochsInRun">The number of epochs the current call asked for.</param>
/// <param name="Loss">The loss at that epoch, evaluated before its update.</param>
public sealed record EpochReport(int Epoch, int EpochInRun, int EpochsInRun, double Loss);
