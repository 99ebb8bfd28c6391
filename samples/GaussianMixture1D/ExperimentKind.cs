namespace GaussianMixture1D;

/// <summary>The experiments of the original study, in its order.</summary>
internal enum ExperimentKind
{
    /// <summary>(a) Explicit score matching on the grid, with the true pdf and score.</summary>
    Explicit,

    /// <summary>(b) Plain squared error against the true score on the grid.</summary>
    SquaredError,

    /// <summary>(c) Finite-difference score matching weighted by the true pdf on the grid, then as many epochs again.</summary>
    GridFiniteDifference,

    /// <summary>(d) Empirical finite-difference score matching on the samples alone.</summary>
    SampleFiniteDifference,

    /// <summary>(e) (a), then (d) from where it stopped.</summary>
    PreTrained,

    /// <summary>(f) (d) with few samples.</summary>
    FewSamples,

    /// <summary>(g) The library's one-call fit (<c>ScoreMatchingFit.Fit</c>) on the samples of (d), with its defaults.</summary>
    OneCallFit,
}
