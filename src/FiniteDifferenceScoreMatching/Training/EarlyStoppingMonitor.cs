namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// The bookkeeping of one early-stopped run, apart from the training itself: the validation curve, the best epoch,
/// patience, and the result. The trainer keeps one per member.
/// </summary>
/// <remarks>
/// The cycle is: <see cref="Observe"/> the validation loss at the current parameters (capture them when it returns
/// true), ask <see cref="ShouldStop"/>, train <see cref="NextRunLength"/> epochs and <see cref="Record"/> their
/// losses; then again. <see cref="Finish"/> closes the run.
/// </remarks>
internal sealed class EarlyStoppingMonitor
{
    private readonly EarlyStoppingOptions _options;
    private readonly int _watchFrom;
    private readonly List<double> _trainingLosses = [];
    private readonly List<ValidationCheck> _checks = [];
    private double _best = double.PositiveInfinity;
    private int _bestEpoch = -1;
    private bool _captured;
    private double _validation = double.NaN;

    public EarlyStoppingMonitor(EarlyStoppingOptions options)
    {
        _options = options;
        _watchFrom = Math.Min(options.MinEpochs, options.MaxEpochs);
    }

    /// <summary>Gets the number of epochs run so far.</summary>
    public int Epoch { get; private set; }

    /// <summary>Gets the reason the run stopped, once it has.</summary>
    public StopReason? Reason { get; private set; }

    /// <summary>Gets the number of epochs to train before the next validation.</summary>
    public int NextRunLength => Math.Min(_options.ValidationInterval, _options.MaxEpochs - Epoch);

    /// <summary>Takes the validation loss at the current parameters; returns true when they are a new best, which the caller captures.</summary>
    public bool Observe(double validation)
    {
        _validation = validation;
        if (Epoch >= _watchFrom && validation < _best - _options.MinImprovement)
        {
            (_best, _bestEpoch, _captured) = (validation, Epoch, true);
            return true;
        }

        return false;
    }

    /// <summary>Decides, after <see cref="Observe"/>, whether to stop before training further: patience ran out, or the epoch limit was reached.</summary>
    public bool ShouldStop()
    {
        if (Epoch >= _watchFrom && Epoch - Math.Max(_bestEpoch, _watchFrom) >= _options.Patience)
        {
            Reason = StopReason.NoImprovement;
        }
        else if (Epoch >= _options.MaxEpochs)
        {
            Reason = StopReason.Completed;
        }

        return Reason is not null;
    }

    /// <summary>Records epochs trained from the parameters last observed, with their losses; the next <see cref="Observe"/> belongs to the parameters after them.</summary>
    public void Record(IReadOnlyList<double> losses)
    {
        if (losses.Count == 0)
        {
            return;
        }

        // Each epoch's loss is evaluated before its update: the first is at the parameters just validated.
        _checks.Add(new ValidationCheck(Epoch, losses[0], _validation));
        _trainingLosses.AddRange(losses);
        Epoch += losses.Count;
    }

    /// <summary>Stops the run for a reason other than patience or the limit: a loss or update that is not finite, or cancellation.</summary>
    public void Stop(StopReason reason) => Reason ??= reason;

    /// <summary>Closes the run at the parameters it ended with.</summary>
    /// <param name="validation">The validation loss at the final parameters.</param>
    /// <param name="trainingLoss">The training loss at the final parameters.</param>
    /// <param name="restore">Whether the caller must give the model back the parameters it captured last.</param>
    public MemberHistory Finish(double validation, double trainingLoss, out bool restore)
    {
        _checks.Add(new ValidationCheck(Epoch, trainingLoss, validation));
        var nonFinite = Reason == StopReason.NonFinite;
        if (_bestEpoch < 0 || (!nonFinite && validation < _best - _options.MinImprovement))
        {
            // Training ended before the watch began, or on a new best: the last parameters are the best there are.
            (_best, _bestEpoch, _captured) = (double.IsNaN(validation) ? double.PositiveInfinity : validation, Epoch, false);
        }

        // After a loss or update that is not finite the member keeps its parameters from before that epoch, which
        // were validated already: they are never a new best, and the captured best is given back whatever its epoch.
        restore = _options.RestoreBestParameters && _captured && (_bestEpoch != Epoch || nonFinite);
        return new MemberHistory([.. _trainingLosses], Reason ?? StopReason.Completed, [.. _checks], _bestEpoch, _best, restore);
    }
}
