using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional.Density;

namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>
/// A score model fitted by <see cref="ScoreMatchingFit.Fit"/>, the density recovered from it, and how the fit went.
/// </summary>
/// <remarks>
/// The result owns the model and releases it in <see cref="Dispose"/>; the grid, the pdf, the score values and the
/// diagnostics are managed data that stay valid afterwards.
/// </remarks>
public sealed class FitResult : IDisposable
{
    private readonly double[] _score;
    private readonly double[] _pdf;

    internal FitResult(IScoreModel model, ScoreDensity distribution, UniformGrid grid, double[] score, double[] pdf, FitDiagnostics diagnostics)
    {
        Model = model;
        Distribution = distribution;
        Grid = grid;
        _score = score;
        _pdf = pdf;
        Diagnostics = diagnostics;
    }

    /// <summary>
    /// Gets the fitted density, normalised over the whole line: log-density, density, distribution function, quantiles
    /// and sampling at any point, with tails that follow the fitted score. Managed data, valid after <see cref="Dispose"/>.
    /// </summary>
    public ScoreDensity Distribution { get; }

    /// <summary>
    /// Gets the fitted model: a <see cref="SplineScoreModel"/> for <see cref="FitMethod.Spline"/> (the default); for
    /// <see cref="FitMethod.Network"/>, with <see cref="RestartCombination.Average"/> (the default) an
    /// <see cref="EnsembleMeanScoreModel"/> that averages every restart, with <see cref="RestartCombination.Best"/> the
    /// <see cref="MlpScoreModel"/> of the restart with the lowest validation loss; retrained on all the samples unless
    /// <see cref="FitOptions.RefitOnAllSamples"/> is off. With <see cref="FitOptions.Standardize"/> (the default) that
    /// model is the <see cref="StandardizedScoreModel.Inner"/> of a <see cref="StandardizedScoreModel"/>, which is what
    /// this returns. Owned by the result.
    /// </summary>
    public IScoreModel Model { get; }

    /// <summary>Gets the grid on which <see cref="Score"/> and <see cref="Pdf"/> are given.</summary>
    public UniformGrid Grid { get; }

    /// <summary>Gets the fitted score at each point of <see cref="Grid"/>.</summary>
    public IReadOnlyList<double> Score => _score;

    /// <summary>
    /// Gets the density at each point of <see cref="Grid"/>, for plots: for <see cref="FitMethod.Spline"/>,
    /// <see cref="Distribution"/>'s; for <see cref="FitMethod.Network"/>, the density recovered on the grid alone
    /// (<see cref="DensityRecovery.FromScore"/>), normalised so that its trapezoid integral over the grid is 1, since a
    /// network's score beyond the samples, which sets <see cref="Distribution"/>'s tails, is not constrained by them.
    /// </summary>
    public IReadOnlyList<double> Pdf => _pdf;

    /// <summary>Gets the diagnostics: every restart's history, the one chosen, and the warnings.</summary>
    public FitDiagnostics Diagnostics { get; }

    /// <summary>Releases the model.</summary>
    public void Dispose() => Model.Dispose();
}
