namespace FiniteDifferenceScoreMatching.Training;

/// <summary>What one <see cref="EnsembleTrainer.Train"/> run did, member by member.</summary>
/// <param name="Losses">For each member, its loss at every epoch of the run, before that epoch's update.</param>
/// <param name="Diverged">For each member, whether its loss had stopped being finite by the end of the run.</param>
/// <param name="FirstEpoch">The trainer's epoch count when the run began.</param>
/// <param name="StopReason">Why the run ended: all epochs done, cancelled, or every member diverged.</param>
public sealed record EnsembleTrainingResult(
    IReadOnlyList<IReadOnlyList<double>> Losses,
    IReadOnlyList<bool> Diverged,
    int FirstEpoch,
    TrainingStopReason StopReason)
{
    /// <summary>Gets the number of members.</summary>
    public int MemberCount => Losses.Count;

    /// <summary>Gets the number of epochs the run completed.</summary>
    public int EpochsCompleted => Losses.Count == 0 ? 0 : Losses[0].Count;

    /// <summary>Gets each member's last recorded loss, or NaN when the run completed no epoch.</summary>
    public IReadOnlyList<double> FinalLosses => Losses.Select(l => l.Count == 0 ? double.NaN : l[^1]).ToArray();

    /// <summary>Gets the index of the member with the lowest final loss among those that did not diverge, or −1 when all diverged.</summary>
    public int BestMember
    {
        get
        {
            var best = -1;
            var finals = FinalLosses;
            for (var k = 0; k < finals.Count; k++)
            {
                if (!Diverged[k] && double.IsFinite(finals[k]) && (best < 0 || finals[k] < finals[best]))
                {
                    best = k;
                }
            }

            return best;
        }
    }
}
