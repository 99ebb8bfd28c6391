namespace FitQuality.Suite;

/// <summary>The estimators the suite knows, by their command-line names.</summary>
internal static class EstimatorCatalog
{
    /// <summary>The name of the estimator under study, which the summary compares with <see cref="Reference"/>.</summary>
    public const string Candidate = "fit";

    /// <summary>The name of the cross-validated kernel density estimate, the baseline of the summary.</summary>
    public const string Reference = "lcv";

    /// <summary>Gets every name, in the order of the tables.</summary>
    public static IReadOnlyList<string> Names { get; } = [Candidate, "scott", "silverman", "isj", Reference];

    /// <summary>Creates the estimator called <paramref name="name"/>.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="FormatException">An unknown name.</exception>
    public static IDensityEstimator Create(string name) => name switch
    {
        Candidate => new ScoreMatchingFitEstimator(),
        "scott" => new KernelDensityEstimator(new ScottRule()),
        "silverman" => new KernelDensityEstimator(new SilvermanRule()),
        "isj" => new KernelDensityEstimator(new ImprovedSheatherJones()),
        Reference => new KernelDensityEstimator(new LikelihoodCrossValidation()),
        _ => throw new FormatException($"unknown estimator '{name}'; the suite has {string.Join(", ", Names)}"),
    };
}
