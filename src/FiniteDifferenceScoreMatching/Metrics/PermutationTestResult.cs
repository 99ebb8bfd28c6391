namespace FiniteDifferenceScoreMatching.Metrics;

/// <summary>What <see cref="SampleDistances.PermutationTest"/> found: the statistic, its null distribution and the p-value.</summary>
public sealed class PermutationTestResult
{
    internal PermutationTestResult(double observed, IReadOnlyList<double> nullValues, double pValue)
    {
        Observed = observed;
        NullValues = nullValues;
        PValue = pValue;
    }

    /// <summary>Gets the statistic on the two sets.</summary>
    public double Observed { get; }

    /// <summary>Gets the statistic on every random split of the pooled samples, in ascending order.</summary>
    public IReadOnlyList<double> NullValues { get; }

    /// <summary>Gets the p-value, (1 + the number of null values at or above the observed one) / (1 + the number of splits).</summary>
    public double PValue { get; }

    /// <summary>Gets the null distribution's quantile at <paramref name="probability"/> (the nearest rank).</summary>
    /// <param name="probability">In [0, 1].</param>
    /// <returns>The quantile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1].</exception>
    public double NullQuantile(double probability)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The probability must lie in [0, 1].");
        }

        return NullValues[Math.Min(NullValues.Count - 1, (int)Math.Ceiling(probability * NullValues.Count) - (probability > 0 ? 1 : 0))];
    }
}
