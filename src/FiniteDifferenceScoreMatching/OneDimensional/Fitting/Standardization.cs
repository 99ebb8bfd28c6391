using FiniteDifferenceScoreMatching.Models;

namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>The map z = (x − <see cref="Center"/>) / <see cref="Scale"/> that a fit trains in.</summary>
/// <param name="Center">The value of x where z = 0.</param>
/// <param name="Scale">The length in x of one unit of z; positive.</param>
/// <param name="IsIdentity">Whether this is the map of a fit that does not standardise, which changes nothing.</param>
internal readonly record struct Standardization(double Center, double Scale, bool IsIdentity)
{
    /// <summary>Gets the map of a fit that does not standardise.</summary>
    public static Standardization Identity => new(0, 1, IsIdentity: true);

    /// <summary>
    /// The middle of the samples' range, between their 1 % and 99 % quantiles, and their spread, min(s, IQR / 1.349)
    /// (see <see cref="SampleStatistics.Spread"/>).
    /// </summary>
    /// <param name="samples">At least two samples, finite and not all equal.</param>
    public static Standardization Of(IReadOnlyList<double> samples)
    {
        var sorted = samples.Order().ToArray();
        var middle = 0.5 * (SampleStatistics.Quantile(sorted, 0.01) + SampleStatistics.Quantile(sorted, 0.99));
        var spread = SampleStatistics.Spread(sorted);
        if (!double.IsFinite(middle) || !double.IsFinite(spread) || spread <= 0)
        {
            throw new ArgumentException($"The samples cannot be standardised: the middle of their range is {middle} and their spread {spread}. Set FitOptions.Standardize to false to fit them as they are.", nameof(samples));
        }

        return new Standardization(middle, spread, IsIdentity: false);
    }

    /// <summary>Maps values to z.</summary>
    public double[] Apply(IReadOnlyList<double> values) => values.Select(Apply).ToArray();

    /// <summary>Maps one value to z.</summary>
    public double Apply(double value) => (value - Center) / Scale;

    /// <summary>
    /// The score model in the units of x of <paramref name="model"/>, a model in z, which it takes ownership of: the
    /// model itself when the map changes nothing.
    /// </summary>
    public IScoreModel InUnitsOfX(IScoreModel model) => IsIdentity ? model : new StandardizedScoreModel(model, Center, Scale);
}
