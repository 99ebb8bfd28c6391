namespace FitQuality.Suite;

/// <summary>A density estimate that can be evaluated anywhere on the real line.</summary>
/// <remarks>The metrics assume that it integrates to 1 over the real line.</remarks>
internal interface IFittedDensity : IDisposable
{
    /// <summary>Gets what the estimate chose, for the CSV (a bandwidth, a restart, ...); empty if nothing.</summary>
    string Details { get; }

    /// <summary>Gets the warnings the estimator raised about this estimate, each as "kind: message"; empty when there are none.</summary>
    IReadOnlyList<string> Warnings { get; }

    /// <summary>The estimated density at <paramref name="x"/>.</summary>
    /// <param name="x">Any number.</param>
    /// <returns>p̂(x) ≥ 0.</returns>
    double Density(double x);

    /// <summary>The log of the estimated density at <paramref name="x"/>; finite (if very negative) far in the tails where the estimator allows it.</summary>
    /// <param name="x">Any number.</param>
    /// <returns>log p̂(x).</returns>
    double DensityLn(double x);
}
