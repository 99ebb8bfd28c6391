namespace FiniteDifferenceScoreMatching.Fitting;

/// <summary>Why <see cref="EarlyStopping.Train"/> returned.</summary>
public enum EarlyStoppingReason
{
    /// <summary>The validation loss had not improved for <see cref="EarlyStoppingOptions.Patience"/> epochs.</summary>
    PatienceExhausted,

    /// <summary><see cref="EarlyStoppingOptions.MaxEpochs"/> epochs ran before patience ran out.</summary>
    EpochLimitReached,

    /// <summary>
    /// An epoch's loss or update was not finite. A <see cref="Training.Trainer"/> keeps the parameters from before that
    /// epoch; an ensemble member's become NaN. With <see cref="EarlyStoppingOptions.RestoreBestParameters"/>, the best
    /// parameters captured so far are given back in either case, if there are any.
    /// </summary>
    Diverged,

    /// <summary>The cancellation token was signalled.</summary>
    Cancelled,
}
