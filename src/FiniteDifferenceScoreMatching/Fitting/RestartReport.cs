using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.Fitting;

/// <summary>One initialisation of a fit with restarts, and how its training went.</summary>
/// <param name="Index">The position of the restart, from 0.</param>
/// <param name="InitializationSeed">The seed its network was initialised from.</param>
/// <param name="History">Its training losses, validation curve, best epoch and stop reason.</param>
/// <param name="ValidationStandardError">
/// The standard error of its best validation loss, s / √n, where s is the standard deviation of the integrand
/// ½ ψ̄² + Dψ over the n validation samples at the restart's final parameters (its best, unless restoring was turned
/// off): the scale of the noise in the validation loss. NaN when there is a single validation sample.
/// </param>
/// <param name="Pdf">
/// The density recovered from this restart's own network on the fit's grid, or <see langword="null"/> when its score
/// could not be integrated there. Comparing restarts shows how much the fit depends on the initialisation.
/// </param>
public sealed record RestartReport(int Index, long InitializationSeed, MemberHistory History, double ValidationStandardError, IReadOnlyList<double>? Pdf)
{
    /// <summary>Gets the lowest validation loss the restart reached, by which restarts are compared.</summary>
    public double BestValidationLoss => History.BestValidationLoss;
}
