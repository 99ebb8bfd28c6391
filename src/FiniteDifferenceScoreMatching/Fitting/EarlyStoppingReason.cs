namespace FiniteDifferenceScoreMatching.Fitting;

/// <summary>Why <see cref="EarlyStopping.Train"/> returned.</summary>
public enum EarlyStoppingReason
{
    /// <summary>The validation loss had not improved for <see cref="EarlyStoppingOptions.Patience"/> epochs.</summary>
    PatienceExhausted,

    /// <summary><see cref="EarlyStoppingOptions.MaxEpochs"/> epochs ran before patience ran out.</summary>
    EpochLimitReached,

    /// <summary>An epoch's loss or update was not finite; the trainer kept the parameters from before it.</summary>
    Diverged,

    /// <summary>The cancellation token was signalled.</summary>
    Cancelled,
}
