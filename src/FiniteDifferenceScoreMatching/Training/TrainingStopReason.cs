namespace FiniteDifferenceScoreMatching.Training;

/// <summary>Why a call to <see cref="Trainer.Train"/> returned.</summary>
public enum TrainingStopReason
{
    /// <summary>Every requested epoch ran.</summary>
    Completed,

    /// <summary>The cancellation token was signalled; the epochs before it ran in full.</summary>
    Cancelled,

    /// <summary>
    /// An epoch's loss, or the parameters after its update, were not finite. That epoch is not counted, and the
    /// model keeps the parameters it had before it.
    /// </summary>
    Diverged,
}
