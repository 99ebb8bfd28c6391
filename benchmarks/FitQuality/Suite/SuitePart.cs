namespace FitQuality.Suite;

/// <summary>Which part of the suite a distribution belongs to.</summary>
internal enum SuitePart
{
    /// <summary>Distributions the fit's defaults may be tuned on.</summary>
    Tuning,

    /// <summary>Distributions kept out of tuning, to check that what was tuned carries over.</summary>
    HeldOut,
}
