namespace FiniteDifferenceScoreMatching.Training;

/// <summary>How long <see cref="Trainer"/> trains with early stopping, and how it watches the validation loss. Validated when training starts.</summary>
/// <remarks>The defaults are those of <see cref="OneDimensional.Fitting.ScoreMatchingFit.Fit"/>, chosen by the experiments in docs/fit-quality.md.</remarks>
public sealed record EarlyStoppingOptions
{
    /// <summary>Gets the largest number of epochs to run.</summary>
    /// <value>The default is 1,000.</value>
    public int MaxEpochs { get; init; } = 1000;

    /// <summary>
    /// Gets the number of epochs without a new best validation loss after which training stops, counted from the best
    /// epoch (or from <see cref="MinEpochs"/> while there is none) in epochs, whatever <see cref="ValidationInterval"/> is.
    /// </summary>
    /// <value>The default is 200.</value>
    public int Patience { get; init; } = 200;

    /// <summary>
    /// Gets the warm-up: the epoch from which the validation loss is watched. No earlier epoch can be the best, and
    /// patience counts from here, so an early plateau of the loss cannot end training before the network has left
    /// it. When it exceeds <see cref="MaxEpochs"/>, the last epoch is the only one watched.
    /// </summary>
    /// <value>The default is 500.</value>
    public int MinEpochs { get; init; } = 500;

    /// <summary>Gets the number of epochs between two evaluations of the validation loss.</summary>
    /// <value>The default is 1: every epoch.</value>
    public int ValidationInterval { get; init; } = 1;

    /// <summary>
    /// Gets how much lower than the best so far a validation loss must be to count as a new best. Not negative.
    /// </summary>
    /// <value>The default is 0: any decrease counts.</value>
    public double MinImprovement { get; init; }

    /// <summary>Gets a value indicating whether the model gets back the parameters of its best validation loss when training stops.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RestoreBestParameters { get; init; } = true;

    /// <summary>Throws when an option is out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxEpochs, nameof(MaxEpochs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Patience, nameof(Patience));
        ArgumentOutOfRangeException.ThrowIfNegative(MinEpochs, nameof(MinEpochs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ValidationInterval, nameof(ValidationInterval));
        Guard.ThrowIfNegativeOrNotFinite(MinImprovement, nameof(MinImprovement));
    }
}
