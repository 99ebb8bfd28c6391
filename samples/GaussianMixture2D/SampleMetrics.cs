namespace GaussianMixture2D;

/// <summary>How close a set of samples is to fresh samples of the truth.</summary>
/// <param name="MaximumMeanDiscrepancySquared">The unbiased squared MMD with a Gaussian kernel of width <paramref name="Bandwidth"/>.</param>
/// <param name="Bandwidth">The kernel's width: the median distance between the pooled samples.</param>
/// <param name="EnergyDistance">The energy distance.</param>
/// <param name="ComponentFractions">The share of the samples that each component of the mixture is the likeliest source of; null for a set that is not the mixture's.</param>
/// <param name="Lost">The chains whose points stopped being finite, left out of the rest.</param>
internal sealed record SampleMetrics(double MaximumMeanDiscrepancySquared, double Bandwidth, double EnergyDistance, IReadOnlyList<double>? ComponentFractions, int Lost);
