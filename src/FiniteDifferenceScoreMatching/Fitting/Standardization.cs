using FiniteDifferenceScoreMatching.Models;

namespace FiniteDifferenceScoreMatching.Fitting;

/// <summary>The map z = (x − <see cref="Center"/>) / <see cref="Scale"/> that a fit trains in.</summary>
/// <param name="Center">The value of x where z = 0.</param>
/// <param name="Scale">The length in x of one unit of z; positive.</param>
internal readonly record struct Standardization(double Center, double Scale)
{
    /// <summary>Gets the map that changes nothing.</summary>
    public static Standardization Identity => new(0, 1);

    /// <summary>Gets a value indicating whether the map changes nothing.</summary>
    public bool IsIdentity => Center == 0 && Scale == 1;

    /// <summary>
    /// The middle of the samples' range, between their 1 % and 99 % quantiles, and their spread, min(s, IQR / 1.349)
    /// (see <see cref="SampleStatistics.Spread"/>).
    /// </summary>
    /// <param name="samples">At least two samples, finite and not all equal.</param>
    public static Standardization Of(IReadOnlyList<double> samples)
    {
        var sorted = samples.Order().ToArray();
        var middle = 0.5 * (SampleStatistics.Quantile(sorted, 0.01) + SampleStatistics.Quantile(sorted, 0.99));
        return new Standardization(middle, SampleStatistics.Spread(sorted));
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
