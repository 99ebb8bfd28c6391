using FiniteDifferenceScoreMatching.OneDimensional.Fitting;

namespace FitQuality;

/// <summary>The outcome of one initialisation seed.</summary>
/// <param name="Seed">The initialisation seed (for the high-level fit, <c>FitOptions.Seed</c>).</param>
/// <param name="L1">The L1 distance of the recovered pdf from the true one on 200 points over [−10, 10].</param>
/// <param name="LeftMass">The recovered mass below 0 (true value 0.10).</param>
/// <param name="Seconds">The wall-clock time of the fit, pdf included.</param>
/// <param name="Epochs">The epochs run, over all restarts.</param>
/// <param name="Diagnostics">The high-level fit's diagnostics; null for the original configuration.</param>
/// <param name="Details">Restart chosen, best epoch, warnings; empty for the original configuration.</param>
internal sealed record SeedRow(long Seed, double L1, double LeftMass, double Seconds, int Epochs, FitDiagnostics? Diagnostics, string Details);
