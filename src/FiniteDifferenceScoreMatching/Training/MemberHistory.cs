namespace FiniteDifferenceScoreMatching.Training;

/// <summary>What one training call did for one member of the model (a single network is its one member).</summary>
public sealed class MemberHistory
{
    internal MemberHistory(IReadOnlyList<double> losses, StopReason stopReason, IReadOnlyList<ValidationCheck>? checks = null, int? bestEpoch = null, double bestValidationLoss = double.NaN, bool restoredBest = false)
    {
        Losses = losses;
        StopReason = stopReason;
        Checks = checks ?? [];
        BestEpoch = bestEpoch;
        BestValidationLoss = bestValidationLoss;
        RestoredBest = restoredBest;
    }

    /// <summary>
    /// Gets the member's loss at each epoch it trained in the call, evaluated before that epoch's update; all finite. It
    /// ends where the member stopped: its own early stop, or the epoch before its loss or update stopped being finite.
    /// </summary>
    public IReadOnlyList<double> Losses { get; }

    /// <summary>Gets the number of epochs in <see cref="Losses"/>.</summary>
    public int EpochsCompleted => Losses.Count;

    /// <summary>Gets the last loss in <see cref="Losses"/>, or NaN when there is none.</summary>
    public double FinalLoss => Losses.Count == 0 ? double.NaN : Losses[^1];

    /// <summary>Gets why the member stopped.</summary>
    public StopReason StopReason { get; }

    /// <summary>Gets, with early stopping, the validation curve from epoch 0 to the member's last; otherwise empty.</summary>
    public IReadOnlyList<ValidationCheck> Checks { get; }

    /// <summary>
    /// Gets, with early stopping, the best epoch from <see cref="EarlyStoppingOptions.MinEpochs"/> on (or the last, if
    /// training ended before then): the last whose validation loss was lower than the best before it by more than
    /// <see cref="EarlyStoppingOptions.MinImprovement"/>; otherwise <see langword="null"/>.
    /// </summary>
    public int? BestEpoch { get; }

    /// <summary>Gets the validation loss at <see cref="BestEpoch"/> (infinite if none was finite); NaN without early stopping.</summary>
    public double BestValidationLoss { get; }

    /// <summary>Gets a value indicating whether the member was given back the parameters of <see cref="BestEpoch"/>.</summary>
    public bool RestoredBest { get; }

    /// <summary>Gets the last check, at the parameters training ended with (before any restoring); <see langword="null"/> without early stopping.</summary>
    public ValidationCheck? LastCheck => Checks.Count == 0 ? null : Checks[^1];

    /// <summary>Gets the check at <see cref="BestEpoch"/>, or <see langword="null"/> without early stopping.</summary>
    public ValidationCheck? BestCheck => BestEpoch is { } best ? Checks.First(c => c.Epoch == best) : null;
}
