using FiniteDifferenceScoreMatching.Losses;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// How a <see cref="Trainer"/> runs epochs of one loss on its model: the trainer owns the loop (epochs, history,
/// reports, snapshots, cancellation); the engine owns the arithmetic of a step and where its state lives between
/// boundaries.
/// </summary>
/// <remarks>
/// An engine may keep the parameters and the optimizer's state in a form of its own while it runs. It writes them into
/// the model's and the optimizer's tensors in <see cref="Publish"/>, which the trainer calls at every boundary (a
/// report, a snapshot, a checkpoint, an evaluation of another loss, the end of a call), and reads them back in
/// <see cref="Refresh"/> before it runs again, since code outside it may have changed them.
/// </remarks>
internal interface ITrainingEngine
{
    /// <summary>Gets the loss the engine minimises.</summary>
    ScoreLoss Loss { get; }

    /// <summary>Gets a value indicating whether an epoch makes TorchSharp calls; one that does not may run outside the library's lock.</summary>
    bool UsesTorchSharp { get; }

    /// <summary>
    /// Runs one epoch: one update on all the samples, or one per batch of <paramref name="plan"/>'s current order.
    /// Member k's loss over the epoch (before each update) goes to <paramref name="values"/>[k]; a member whose loss or
    /// update is not finite is marked in <paramref name="frozen"/>, keeps the parameters it had before that update,
    /// and gets NaN. Frozen members are not updated.
    /// </summary>
    void RunEpoch(EpochPlan plan, double[] values, bool[] frozen);

    /// <summary>Writes each member's loss at the current parameters into <paramref name="values"/>, changing nothing.</summary>
    void Evaluate(double[] values);

    /// <summary>Writes the parameters and the optimizer's state into their tensors.</summary>
    void Publish();

    /// <summary>Reads the parameters and the optimizer's state from their tensors.</summary>
    void Refresh();
}
