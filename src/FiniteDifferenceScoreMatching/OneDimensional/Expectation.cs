namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// The points a loss averages over, with the weights of the average: equal weights for samples (the empirical
/// mean), or density times trapezoid weights for a grid (a quadrature of ∫ p(x) f(x) dx).
/// </summary>
internal sealed class Expectation
{
    private Expectation(double[] points, double[]? weights)
    {
        Points = points;
        Weights = weights;
        LargestMagnitude = points.Max(Math.Abs);
    }

    /// <summary>Gets the points.</summary>
    public double[] Points { get; }

    /// <summary>Gets the quadrature weights, or <see langword="null"/> for the plain mean.</summary>
    public double[]? Weights { get; }

    /// <summary>Gets the largest |x| among the points.</summary>
    public double LargestMagnitude { get; }

    /// <summary>The empirical mean over samples, which must be finite and at least one.</summary>
    public static Expectation OverSamples(IReadOnlyList<double> samples, string parameterName)
    {
        Guard.ThrowIfAnyNotFinite(samples, parameterName);
        if (samples.Count == 0)
        {
            throw new ArgumentException("At least one sample is needed.", parameterName);
        }

        return new Expectation([.. samples], null);
    }

    /// <summary>The expectation under a tabulated density.</summary>
    public static Expectation UnderDensity(GridTarget target) => new([.. target.Grid.Points], target.ExpectationWeights());

}
