namespace FiniteDifferenceScoreMatching.Fitting;

/// <summary>A sign that a fit may be poor, with a message that gives the numbers behind it.</summary>
/// <param name="Kind">What the warning is about.</param>
/// <param name="Message">A sentence for a person, with the values that triggered it.</param>
public sealed record FitWarning(FitWarningKind Kind, string Message);
