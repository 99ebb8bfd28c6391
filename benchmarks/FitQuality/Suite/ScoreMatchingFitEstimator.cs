using FiniteDifferenceScoreMatching.OneDimensional.Fitting;

namespace FitQuality.Suite;

/// <summary>The library's one-call fit, <see cref="ScoreMatchingFit.Fit"/>, as a density estimator.</summary>
internal sealed class ScoreMatchingFitEstimator : IDensityEstimator
{
    private readonly FitOptions _options;

    /// <summary>Creates the estimator.</summary>
    /// <param name="name">The estimator's name in the tables.</param>
    /// <param name="options">The options of every fit; <see langword="null"/> for the defaults. Sample set k is fitted with <c>Seed = options.Seed + k</c>.</param>
    public ScoreMatchingFitEstimator(string name = "fit", FitOptions? options = null)
    {
        Name = name;
        _options = options ?? new FitOptions();
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public IFittedDensity Fit(double[] samples, int sampleSetIndex)
    {
        var result = ScoreMatchingFit.Fit(samples, _options with { Seed = _options.Seed + sampleSetIndex });
        try
        {
            return new ScoreMatchingFitDensity(result);
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }
}
