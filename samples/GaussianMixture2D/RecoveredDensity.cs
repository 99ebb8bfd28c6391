namespace GaussianMixture2D;

/// <summary>A density on <see cref="Study.DensityGrid"/>, recovered from a score field or estimated from the samples, and how far it is from the truth.</summary>
/// <param name="Values">The density at the nodes, [x index, y index].</param>
/// <param name="L1Distance">∫ |p̂ − p| over the grid by the trapezoid rule, p the true density.</param>
/// <param name="ResidualFraction">For a density recovered from a score field, the share of the field that no potential explains; null for a kernel estimate.</param>
internal sealed record RecoveredDensity(double[,] Values, double L1Distance, double? ResidualFraction);
