namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>
/// One setting that the spline method of <see cref="ScoreMatchingFit"/> tried, a roughness penalty with or without cuts
/// at the density's valleys, and how well it predicted held-out samples.
/// </summary>
public sealed class SmoothingCandidate
{
    internal SmoothingCandidate(double relativePenalty, bool cutsAtValleys, double meanLogLikelihood)
    {
        RelativePenalty = relativePenalty;
        CutsAtValleys = cutsAtValleys;
        MeanLogLikelihood = meanLogLikelihood;
    }

    /// <summary>Gets the penalty's weight, relative to the trace of the score-matching equations.</summary>
    public double RelativePenalty { get; }

    /// <summary>
    /// Gets a value indicating whether the density was cut at its deep valleys, each region between them given its share
    /// of the samples as its mass (see <see cref="Density.ScoreDensity.Regions"/>).
    /// </summary>
    public bool CutsAtValleys { get; }

    /// <summary>Gets the cross-validated mean log-likelihood per held-out sample.</summary>
    public double MeanLogLikelihood { get; }
}
