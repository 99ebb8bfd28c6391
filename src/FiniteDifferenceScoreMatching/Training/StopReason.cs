namespace FiniteDifferenceScoreMatching.Training;

/// <summary>Why training stopped: a whole call to <see cref="Trainer.Train(Losses.ScoreLoss, int, IProgress{EpochReport}?, CancellationToken)"/>, or one member of an ensemble.</summary>
public enum StopReason
{
    /// <summary>Every requested epoch ran (with early stopping: the epoch limit was reached first).</summary>
    Completed,

    /// <summary>The cancellation token was signalled; the epochs before it ran in full.</summary>
    Cancelled,

    /// <summary>
    /// An epoch's loss, or the parameters after its update, were not finite. That epoch is not counted, and the member
    /// keeps the parameters it had before it, frozen there for the rest of the trainer's life.
    /// </summary>
    NonFinite,

    /// <summary>With early stopping, the validation loss had not improved for <see cref="EarlyStoppingOptions.Patience"/> epochs.</summary>
    NoImprovement,
}
