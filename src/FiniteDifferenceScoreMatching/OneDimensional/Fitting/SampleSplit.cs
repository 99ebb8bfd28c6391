namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>
/// Samples divided at random into a training part, which the optimiser sees, and a validation part, which only
/// scores the fit.
/// </summary>
/// <remarks>
/// The empirical finite-difference loss on held-out samples is an unbiased estimate of the same objective as on the
/// training samples, and its expectation equals the Fisher divergence to the true score up to a constant (and to
/// O(δ²)). Unlike the training loss, it does not reward a model for bending to the particular samples it was fitted
/// to, so it is a sound score to compare epochs and initialisations by.
/// </remarks>
public sealed class SampleSplit
{
    private readonly double[] _training;
    private readonly double[] _validation;

    private SampleSplit(double[] training, double[] validation)
    {
        _training = training;
        _validation = validation;
    }

    /// <summary>Gets the training samples, in the order of the random permutation.</summary>
    public IReadOnlyList<double> Training => _training;

    /// <summary>Gets the validation samples, in the order of the random permutation.</summary>
    public IReadOnlyList<double> Validation => _validation;

    /// <summary>
    /// Gets the number of validation samples that <see cref="Create"/> takes from <paramref name="count"/> samples:
    /// <paramref name="validationFraction"/> · <paramref name="count"/>, rounded to the nearest integer, and at
    /// least 1 and at most <paramref name="count"/> − 1.
    /// </summary>
    /// <param name="count">The number of samples; at least 2.</param>
    /// <param name="validationFraction">The share of validation samples; strictly between 0 and 1.</param>
    /// <returns>The number of validation samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="count"/> is below 2, or <paramref name="validationFraction"/> is not strictly between 0 and 1.
    /// </exception>
    public static int ValidationCount(int count, double validationFraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        ThrowIfNotAFraction(validationFraction, nameof(validationFraction));
        var rounded = (int)Math.Round(validationFraction * count, MidpointRounding.AwayFromZero);
        return Math.Clamp(rounded, 1, count - 1);
    }

    /// <summary>Splits <paramref name="samples"/> by a random permutation drawn from <paramref name="random"/>.</summary>
    /// <param name="samples">The samples: at least two, all finite.</param>
    /// <param name="validationFraction">The share of samples held out for validation, strictly between 0 and 1; see <see cref="ValidationCount"/>.</param>
    /// <param name="random">The source of the permutation; it is advanced. The same seed gives the same split.</param>
    /// <returns>The split; every sample is in exactly one part.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> or <paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentException">Fewer than two samples, or a sample that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationFraction"/> is not strictly between 0 and 1.</exception>
    public static SampleSplit Create(IReadOnlyList<double> samples, double validationFraction, Random random)
    {
        Guard.ThrowIfAnyNotFinite(samples, nameof(samples));
        ArgumentNullException.ThrowIfNull(random);
        ThrowIfNotAFraction(validationFraction, nameof(validationFraction));
        if (samples.Count < 2)
        {
            throw new ArgumentException($"A split needs at least two samples, but there are {samples.Count}.", nameof(samples));
        }

        // Fisher–Yates shuffle with the caller's random source only.
        var permuted = samples.ToArray();
        for (var i = permuted.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (permuted[i], permuted[j]) = (permuted[j], permuted[i]);
        }

        var validationCount = ValidationCount(permuted.Length, validationFraction);
        return new SampleSplit(permuted[validationCount..], permuted[..validationCount]);
    }

    /// <summary>Throws unless <paramref name="fraction"/> lies strictly between 0 and 1.</summary>
    internal static void ThrowIfNotAFraction(double fraction, string parameterName)
    {
        if (!(fraction > 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(parameterName, fraction, "The validation fraction must lie strictly between 0 and 1.");
        }
    }
}
