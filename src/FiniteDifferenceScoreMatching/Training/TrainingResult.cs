namespace FiniteDifferenceScoreMatching.Training;

/// <summary>What one training call did: the model's loss history, why it stopped, its snapshots, and each member's own history.</summary>
public sealed class TrainingResult
{
    internal TrainingResult(int firstEpoch, IReadOnlyList<double> losses, StopReason stopReason, IReadOnlyList<ModelSnapshot> snapshots, IReadOnlyList<MemberHistory> members)
    {
        FirstEpoch = firstEpoch;
        Losses = losses;
        StopReason = stopReason;
        Snapshots = snapshots;
        Members = members;
    }

    /// <summary>Gets the trainer's epoch count when the call started.</summary>
    public int FirstEpoch { get; }

    /// <summary>
    /// Gets the model's loss at each completed epoch of the call, evaluated before that epoch's update: a single
    /// network's loss, or for an ensemble the mean over the members still training at that epoch.
    /// </summary>
    public IReadOnlyList<double> Losses { get; }

    /// <summary>Gets the number of epochs the call completed.</summary>
    public int EpochsCompleted => Losses.Count;

    /// <summary>Gets the trainer's epoch count when the call ended.</summary>
    public int LastEpoch => FirstEpoch + Losses.Count;

    /// <summary>Gets the loss of the last completed epoch, or NaN when none was completed.</summary>
    public double FinalLoss => Losses.Count == 0 ? double.NaN : Losses[^1];

    /// <summary>
    /// Gets why the call returned: <see cref="StopReason.Cancelled"/> when it was cancelled, otherwise the reason every
    /// member shares, or <see cref="StopReason.Completed"/> when they differ.
    /// </summary>
    public StopReason StopReason { get; }

    /// <summary>Gets the parameter snapshots, when <see cref="TrainerOptions.SnapshotInterval"/> is set.</summary>
    public IReadOnlyList<ModelSnapshot> Snapshots { get; }

    /// <summary>Gets each member's history, in member order; one for a single network.</summary>
    public IReadOnlyList<MemberHistory> Members { get; }
}
