namespace FitQuality.Suite;

/// <summary>An estimator that fails on odd sample sets and is Silverman's kernel estimate on the others: the check that a failure is recorded and the run goes on.</summary>
internal sealed class ThrowingEstimator : IDensityEstimator
{
    private readonly KernelDensityEstimator _inner = new(new SilvermanRule());

    /// <inheritdoc/>
    public string Name => "throws";

    /// <inheritdoc/>
    public IFittedDensity Fit(double[] samples, int sampleSetIndex) =>
        sampleSetIndex % 2 == 1 ? throw new InvalidOperationException($"Sample set {sampleSetIndex} is odd.") : _inner.Fit(samples, sampleSetIndex);
}
