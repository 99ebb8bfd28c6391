using System.Globalization;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;

namespace FitQuality.Suite;

/// <summary>The density of a <see cref="FitResult"/>: its <see cref="FitResult.Distribution"/>, normalised over the whole line.</summary>
internal sealed class ScoreMatchingFitDensity : IFittedDensity
{
    private readonly FitResult _result;

    /// <summary>Takes <paramref name="result"/> over; it is disposed with this.</summary>
    /// <param name="result">The fit.</param>
    public ScoreMatchingFitDensity(FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _result = result;
        var diagnostics = result.Diagnostics;
        Warnings = diagnostics.Warnings.Select(w => $"{w.Kind}: {w.Message}").ToList();
        var warnings = string.Join(", ", diagnostics.Warnings.Select(w => w.Kind.ToString()).Distinct().DefaultIfEmpty("none"));
        Details = diagnostics.Method == FitMethod.Network
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{diagnostics.Combination} of {diagnostics.Restarts.Count} restarts, best {diagnostics.ChosenRestart} (epoch {diagnostics.Chosen.History.BestEpoch} of {diagnostics.Chosen.History.EpochsCompleted}); δ = {diagnostics.Delta:G3}, λ = {diagnostics.CurvaturePenalty:G3}; {diagnostics.Regions.Count} region(s); warnings: {warnings}")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"spline, penalty {diagnostics.Smoothing[diagnostics.ChosenSmoothing].RelativePenalty:G2}; {diagnostics.Regions.Count} region(s); warnings: {warnings}");
    }

    /// <inheritdoc/>
    public string Details { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings { get; }

    /// <inheritdoc/>
    public double Density(double x) => _result.Distribution.Density(x);

    /// <inheritdoc/>
    public double DensityLn(double x) => _result.Distribution.DensityLn(x);

    /// <inheritdoc/>
    public void Dispose() => _result.Dispose();
}
