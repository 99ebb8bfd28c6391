using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>One initialisation of a fit with restarts, and how its training went.</summary>
public sealed class RestartReport
{
    internal RestartReport(int index, long initializationSeed, MemberHistory history, double validationStandardError, IReadOnlyList<double>? pdf)
    {
        Index = index;
        InitializationSeed = initializationSeed;
        History = history;
        ValidationStandardError = validationStandardError;
        Pdf = pdf;
    }

    /// <summary>Gets the position of the restart, from 0.</summary>
    public int Index { get; }

    /// <summary>Gets the seed its network was initialised from.</summary>
    public long InitializationSeed { get; }

    /// <summary>Gets its training losses, validation curve, best epoch and stop reason.</summary>
    public MemberHistory History { get; }

    /// <summary>
    /// Gets the standard error of its best validation loss, s / √n, where s is the standard deviation of the integrand
    /// ½ ψ̄² + Dψ over the n validation samples at the restart's final parameters (its best, unless restoring was turned
    /// off): the scale of the noise in the validation loss. NaN when there is a single validation sample.
    /// </summary>
    public double ValidationStandardError { get; }

    /// <summary>
    /// Gets the density recovered from this restart's own network on the fit's grid, or <see langword="null"/> when its
    /// score could not be integrated there. Comparing restarts shows how much the fit depends on the initialisation.
    /// </summary>
    public IReadOnlyList<double>? Pdf { get; }

    /// <summary>Gets the lowest validation loss the restart reached, by which restarts are compared.</summary>
    public double BestValidationLoss => History.BestValidationLoss;
}
