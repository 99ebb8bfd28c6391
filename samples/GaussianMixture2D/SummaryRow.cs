namespace GaussianMixture2D;

/// <summary>
/// One row of the metrics table: its short name in the CSV (the experiment's file stem, or the reference's), its name in
/// the tables, and its values; a value the row does not have is null and shows as a dash (an empty CSV cell).
/// </summary>
internal sealed record SummaryRow(
    string Key,
    string Label,
    int? Epochs,
    double? FinalLoss,
    double? RelativeFisherDivergence,
    RecoveredDensity? Density,
    RecoveredDensity? GuidedDensity,
    SampleMetrics? Metrics,
    TimeSpan? TrainingTime,
    TimeSpan? SamplingTime);
