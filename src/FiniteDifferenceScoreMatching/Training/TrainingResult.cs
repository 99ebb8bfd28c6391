namespace FiniteDifferenceScoreMatching.Training;

/// <summary>What one call to <see cref="Trainer.Train"/> did.</summary>
/// <param name="Losses">The loss of each completed epoch of the call, each evaluated before that epoch's update; all finite.</param>
/// <param name="Snapshots">The parameter snapshots taken, when <see cref="TrainerOptions.SnapshotInterval"/> is set.</param>
/// <param name="FirstEpoch">The trainer's epoch count when the call started.</param>
/// <param name="StopReason">Why the call returned.</param>
public sealed record TrainingResult(IReadOnlyList<double> Losses, IReadOnlyList<ModelSnapshot> Snapshots, int FirstEpoch, TrainingStopReason StopReason)
{
    /// <summary>Gets the number of epochs the call completed.</summary>
    public int EpochsCompleted => Losses.Count;

    /// <summary>Gets the trainer's epoch count when the call ended.</summary>
    public int LastEpoch => FirstEpoch + Losses.Count;

    /// <summary>Gets the loss of the last completed epoch, or NaN when none was completed.</summary>
    public double FinalLoss => Losses.Count == 0 ? double.NaN : Losses[^1];

    /// <summary>Gets a value indicating whether the call stopped because its cancellation token was signalled.</summary>
    public bool WasCancelled => StopReason == TrainingStopReason.Cancelled;

    /// <summary>Gets a value indicating whether the call stopped because training diverged.</summary>
    public bool Diverged => StopReason == TrainingStopReason.Diverged;
}
