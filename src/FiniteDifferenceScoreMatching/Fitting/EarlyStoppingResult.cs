namespace FiniteDifferenceScoreMatching.Fitting;

/// <summary>What one call to <see cref="EarlyStopping.Train"/> did.</summary>
/// <param name="TrainingLosses">The training loss of each completed epoch, evaluated before that epoch's update, as <see cref="Training.TrainingResult.Losses"/>.</param>
/// <param name="Checks">The validation curve: the losses at every evaluation, from epoch 0 to the last epoch run.</param>
/// <param name="BestEpoch">
/// The best epoch from <see cref="EarlyStoppingOptions.MinEpochs"/> on, or the last epoch if training ended before
/// then: the last one whose validation loss was lower than the best before it by more than
/// <see cref="EarlyStoppingOptions.MinImprovement"/>, so the epoch of the lowest validation loss when that is 0 (the default).
/// </param>
/// <param name="BestValidationLoss">The validation loss at <paramref name="BestEpoch"/>; infinite if no validation loss was finite.</param>
/// <param name="StopReason">Why training stopped.</param>
/// <param name="RestoredBest">Whether the model was given back the parameters of <paramref name="BestEpoch"/>.</param>
public sealed record EarlyStoppingResult(
    IReadOnlyList<double> TrainingLosses,
    IReadOnlyList<ValidationCheck> Checks,
    int BestEpoch,
    double BestValidationLoss,
    EarlyStoppingReason StopReason,
    bool RestoredBest)
{
    /// <summary>Gets the number of epochs run.</summary>
    public int EpochsCompleted => TrainingLosses.Count;

    /// <summary>Gets a value indicating whether training stopped because the validation loss stopped improving.</summary>
    public bool StoppedEarly => StopReason == EarlyStoppingReason.PatienceExhausted;

    /// <summary>Gets the check at <see cref="BestEpoch"/>.</summary>
    public ValidationCheck BestCheck => Checks.First(c => c.Epoch == BestEpoch);

    /// <summary>Gets the last check, at the parameters that training ended with (before any restoring).</summary>
    public ValidationCheck LastCheck => Checks[^1];
}
