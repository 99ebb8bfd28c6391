using System.Globalization;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>Progress of a training call, reported through <see cref="IProgress{T}"/>.</summary>
public sealed class EpochReport
{
    internal EpochReport(int epoch, int epochInRun, int epochsInRun, double loss)
    {
        Epoch = epoch;
        EpochInRun = epochInRun;
        EpochsInRun = epochsInRun;
        Loss = loss;
    }

    /// <summary>Gets the epoch just completed, counted over the trainer's whole life (from 1).</summary>
    public int Epoch { get; }

    /// <summary>Gets the epoch just completed, counted within the current call (from 1).</summary>
    public int EpochInRun { get; }

    /// <summary>Gets the largest number of epochs the current call may run.</summary>
    public int EpochsInRun { get; }

    /// <summary>Gets the model's loss at that epoch, evaluated before its update (for an ensemble, the mean over the members still training).</summary>
    public double Loss { get; }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"epoch {Epoch} ({EpochInRun}/{EpochsInRun}): loss {Loss}");
}
