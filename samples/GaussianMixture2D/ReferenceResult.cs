namespace GaussianMixture2D;

/// <summary>A row of the table that no fit produced: what the samplers give on the exact score, and the distances between two draws of the truth.</summary>
/// <param name="Key">The row's short name in the CSV.</param>
/// <param name="Title">The row's name in the tables.</param>
/// <param name="Metrics">The samples against fresh samples of the truth.</param>
internal sealed record ReferenceResult(string Key, string Title, SampleMetrics Metrics);
