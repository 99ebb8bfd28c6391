namespace FiniteDifferenceScoreMatching.Fitting;

/// <summary>One roughness penalty that the spline method of <see cref="ScoreMatchingFit"/> tried, and how well it predicted held-out samples.</summary>
public sealed class SmoothingCandidate
{
    internal SmoothingCandidate(double relativePenalty, double meanLogLikelihood)
    {
        RelativePenalty = relativePenalty;
        MeanLogLikelihood = meanLogLikelihood;
    }

    /// <summary>Gets the penalty's weight, relative to the trace of the score-matching equations.</summary>
    public double RelativePenalty { get; }

    /// <summary>Gets the cross-validated mean log-likelihood per held-out sample.</summary>
    public double MeanLogLikelihood { get; }
}
