namespace GaussianMixture2D;

/// <summary>
/// A row of the table that no fit produced: what the samplers and the density recovery give on the exact score, a kernel
/// density estimate of the samples, and the distances between two draws of the truth.
/// </summary>
/// <param name="Key">The row's short name in the CSV.</param>
/// <param name="Title">The row's name in the tables.</param>
/// <param name="Metrics">Samples against fresh samples of the truth, if the row has samples.</param>
/// <param name="Density">A density against the true one, if the row has a density.</param>
internal sealed record ReferenceResult(string Key, string Title, SampleMetrics? Metrics, RecoveredDensity? Density);
