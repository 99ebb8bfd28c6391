using FiniteDifferenceScoreMatching.Distributions;
namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// A finite mixture of univariate normal distributions, p(x) = Σₖ wₖ N(x; μₖ, σₖ²), with its density,
/// log-density, score d/dx log p(x), cumulative distribution and a sampler.
/// </summary>
/// <remarks>
/// Instances are immutable and validated on construction, so they can be shared between threads.
/// <see cref="DensityLn"/> and <see cref="Score"/> combine the components with the log-sum-exp trick, so they
/// stay finite and accurate far in the tails, where every component density underflows to zero.
/// </remarks>
public sealed class GaussianMixture
{
    /// <summary>How far the weights may sum away from 1.</summary>
    private const double WeightSumTolerance = 1e-9;

    /// <summary>½ log 2π, correctly rounded.</summary>
    private const double LogSqrtTwoPi = 0.9189385332046728;

    /// <summary>√(2π), correctly rounded.</summary>
    private const double SqrtTwoPi = 2.5066282746310007;

    /// <summary>√2, correctly rounded.</summary>
    private const double SqrtTwo = 1.4142135623730951;

    private readonly double[] _means;
    private readonly double[] _standardDeviations;
    private readonly double[] _weights;

    /// <summary>log wₖ − log σₖ − ½ log 2π, the component-independent part of each weighted log-density.</summary>
    private readonly double[] _logScales;

    /// <summary>Running sums of the weights, used to pick a component when sampling.</summary>
    private readonly double[] _cumulativeWeights;

    /// <summary>Index of the last component with a positive weight, the fallback when round-off leaves the draw above every running sum.</summary>
    private readonly int _lastWeightedComponent;

    /// <summary>Creates a mixture from the parameters of its components.</summary>
    /// <param name="means">The mean μₖ of each component; finite.</param>
    /// <param name="standardDeviations">The standard deviation σₖ of each component; finite and positive.</param>
    /// <param name="weights">The weight wₖ of each component; finite, non-negative, summing to 1 within 1e-9.</param>
    /// <remarks>The parameters are copied, so later changes to the given lists do not affect the mixture.</remarks>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentException">
    /// There are no components, the lists differ in length, a value is not finite, a standard deviation is not
    /// positive, a weight is negative, or the weights do not sum to 1.
    /// </exception>
    public GaussianMixture(IReadOnlyList<double> means, IReadOnlyList<double> standardDeviations, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(standardDeviations);
        ArgumentNullException.ThrowIfNull(weights);

        var problem = FindInvalidParameter(means, standardDeviations, weights, out var parameterName);
        if (problem is not null)
        {
            throw new ArgumentException(problem, parameterName);
        }

        var count = means.Count;
        _means = [.. means];
        _standardDeviations = [.. standardDeviations];
        _weights = [.. weights];
        _logScales = new double[count];
        _cumulativeWeights = new double[count];

        var runningSum = 0.0;
        for (var k = 0; k < count; k++)
        {
            _logScales[k] = Math.Log(_weights[k]) - Math.Log(_standardDeviations[k]) - LogSqrtTwoPi;
            runningSum += _weights[k];
            _cumulativeWeights[k] = runningSum;
            if (_weights[k] > 0)
            {
                _lastWeightedComponent = k;
            }
        }

        Means = Array.AsReadOnly(_means);
        StandardDeviations = Array.AsReadOnly(_standardDeviations);
        Weights = Array.AsReadOnly(_weights);
    }

    /// <summary>Gets the mean μₖ of each component.</summary>
    public IReadOnlyList<double> Means { get; }

    /// <summary>Gets the standard deviation σₖ of each component.</summary>
    public IReadOnlyList<double> StandardDeviations { get; }

    /// <summary>Gets the weight wₖ of each component.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>Gets the number of components.</summary>
    public int ComponentCount => _means.Length;

    /// <summary>Tells whether the parameters describe a valid mixture, without throwing.</summary>
    /// <param name="means">The mean of each component.</param>
    /// <param name="standardDeviations">The standard deviation of each component.</param>
    /// <param name="weights">The weight of each component.</param>
    /// <returns>
    /// <see langword="true"/> when no list is null, there is at least one component, the lists have the same
    /// length, every value is finite, every standard deviation is positive, every weight is non-negative and
    /// the weights sum to 1 within 1e-9; otherwise <see langword="false"/>.
    /// </returns>
    public static bool IsValidParameterSet(IReadOnlyList<double> means, IReadOnlyList<double> standardDeviations, IReadOnlyList<double> weights)
    {
        if (means is null || standardDeviations is null || weights is null)
        {
            return false;
        }

        return FindInvalidParameter(means, standardDeviations, weights, out _) is null;
    }

    /// <summary>Computes the probability density p(x).</summary>
    /// <param name="x">The point at which to evaluate the density.</param>
    /// <returns>Σₖ wₖ N(x; μₖ, σₖ²); it underflows to 0 far in the tails, where <see cref="DensityLn"/> stays finite.</returns>
    public double Density(double x)
    {
        var sum = 0.0;
        for (var k = 0; k < _means.Length; k++)
        {
            var z = (x - _means[k]) / _standardDeviations[k];
            sum += _weights[k] / (_standardDeviations[k] * SqrtTwoPi) * Math.Exp(-0.5 * z * z);
        }

        return sum;
    }

    /// <summary>Computes the natural logarithm of the probability density, log p(x).</summary>
    /// <param name="x">The point at which to evaluate the log-density.</param>
    /// <returns>
    /// log p(x), computed with the log-sum-exp trick so that it is finite wherever ((x − μₖ)/σₖ)² is, for some
    /// component (|x − μₖ| up to about 1e154 σₖ); −∞ beyond that and at ±∞, NaN for NaN.
    /// </returns>
    public double DensityLn(double x)
    {
        var maximum = MaximumLogTerm(x);
        if (double.IsNegativeInfinity(maximum) || double.IsNaN(maximum))
        {
            return maximum;
        }

        var sum = 0.0;
        for (var k = 0; k < _means.Length; k++)
        {
            sum += Math.Exp(LogTerm(k, x) - maximum);
        }

        return maximum + Math.Log(sum);
    }

    /// <summary>Computes the score, the derivative of the log-density, d/dx log p(x).</summary>
    /// <param name="x">The point at which to evaluate the score.</param>
    /// <returns>
    /// Σₖ rₖ(x) · (−(x − μₖ)/σₖ²), where the responsibilities rₖ(x) = wₖ N(x; μₖ, σₖ²) / p(x) are formed from
    /// log-densities shifted by their maximum, so the score is finite for every finite x (far in a tail it is
    /// that of the dominating component) unless that value itself overflows; −∞ at +∞, +∞ at −∞ and NaN for NaN.
    /// </returns>
    public double Score(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (double.IsInfinity(x))
        {
            // Every component's score −(x − μ)/σ² has the opposite sign of x there.
            return -x;
        }

        var maximum = MaximumLogTerm(x);
        if (double.IsNegativeInfinity(maximum))
        {
            // Only when ((x − μ)/σ)² overflows for every component, e.g. |x| ≈ 1e200.
            return ExtremeTailScore(x);
        }

        var normaliser = 0.0;
        var weightedScores = 0.0;
        for (var k = 0; k < _means.Length; k++)
        {
            var responsibility = Math.Exp(LogTerm(k, x) - maximum);
            if (responsibility == 0)
            {
                // Skipped so that the component's own score, which may overflow far out, cannot make 0 · ∞ = NaN.
                continue;
            }

            normaliser += responsibility;
            weightedScores += responsibility * ComponentScore(k, x);
        }

        return weightedScores / normaliser;
    }

    /// <summary>Computes the cumulative distribution function P(X ≤ x).</summary>
    /// <param name="x">The point at which to evaluate the distribution function.</param>
    /// <returns>Σₖ wₖ Φ((x − μₖ)/σₖ), with relative accuracy kept in the lower tail.</returns>
    public double CumulativeDistribution(double x)
    {
        var sum = 0.0;
        for (var k = 0; k < _means.Length; k++)
        {
            var z = (x - _means[k]) / _standardDeviations[k];

            // Φ(z) = ½ erfc(−z/√2) keeps full relative accuracy for z far below zero, unlike ½(1 + erf(z/√2)).
            sum += _weights[k] * 0.5 * SpecialFunctions.Erfc(-z / SqrtTwo);
        }

        return sum;
    }

    /// <summary>Draws independent samples from the mixture.</summary>
    /// <param name="random">The source of randomness; the same seed gives the same samples.</param>
    /// <param name="count">The number of samples; positive.</param>
    /// <returns>A new array of <paramref name="count"/> samples.</returns>
    /// <remarks>
    /// Each sample picks a component with probability equal to its weight, then draws a normal variate from it
    /// with Marsaglia's polar method. Only <paramref name="random"/> is used, and no state is kept between calls.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero or negative.</exception>
    public double[] Sample(Random random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);

        var samples = new double[count];
        var normal = new StandardNormalSource(random);
        for (var i = 0; i < count; i++)
        {
            var k = PickComponent(random.NextDouble());
            samples[i] = _means[k] + (_standardDeviations[k] * normal.Next());
        }

        return samples;
    }

    /// <summary>Returns a message describing the first invalid parameter and its name, or null when all are valid.</summary>
    private static string? FindInvalidParameter(
        IReadOnlyList<double> means,
        IReadOnlyList<double> standardDeviations,
        IReadOnlyList<double> weights,
        out string parameterName)
    {
        parameterName = nameof(means);
        if (means.Count == 0)
        {
            return "A mixture needs at least one component, but no means were given.";
        }

        parameterName = nameof(standardDeviations);
        if (standardDeviations.Count != means.Count)
        {
            return $"Expected one standard deviation for each of the {means.Count} means, but got {standardDeviations.Count}.";
        }

        parameterName = nameof(weights);
        if (weights.Count != means.Count)
        {
            return $"Expected one weight for each of the {means.Count} means, but got {weights.Count}.";
        }

        for (var k = 0; k < means.Count; k++)
        {
            if (!double.IsFinite(means[k]))
            {
                parameterName = nameof(means);
                return $"Every mean must be finite, but the mean at index {k} is {means[k]}.";
            }

            if (!double.IsFinite(standardDeviations[k]) || standardDeviations[k] <= 0)
            {
                parameterName = nameof(standardDeviations);
                return $"Every standard deviation must be finite and positive, but the one at index {k} is {standardDeviations[k]}.";
            }

            if (!double.IsFinite(weights[k]) || weights[k] < 0)
            {
                parameterName = nameof(weights);
                return $"Every weight must be finite and non-negative, but the weight at index {k} is {weights[k]}.";
            }
        }

        var sum = 0.0;
        for (var k = 0; k < weights.Count; k++)
        {
            sum += weights[k];
        }

        parameterName = nameof(weights);
        if (Math.Abs(sum - 1.0) > WeightSumTolerance)
        {
            return $"The weights must sum to 1 (within {WeightSumTolerance}), but they sum to {sum:R}.";
        }

        return null;
    }

    /// <summary>log(wₖ N(x; μₖ, σₖ²)); −∞ for a component of weight 0.</summary>
    private double LogTerm(int k, double x)
    {
        var z = (x - _means[k]) / _standardDeviations[k];
        return _logScales[k] - (0.5 * z * z);
    }

    /// <summary>−(x − μₖ)/σₖ², the score of component k alone, divided in two steps so that a tiny σₖ does not overflow first.</summary>
    private double ComponentScore(int k, double x) => -((x - _means[k]) / _standardDeviations[k]) / _standardDeviations[k];

    /// <summary>The largest of the weighted log-densities of the components at <paramref name="x"/>.</summary>
    private double MaximumLogTerm(double x)
    {
        var maximum = double.NegativeInfinity;
        for (var k = 0; k < _means.Length; k++)
        {
            maximum = Math.Max(maximum, LogTerm(k, x));
        }

        return maximum;
    }

    /// <summary>
    /// The score far beyond every component, where the component with the largest σ dominates
    /// (of those, the one whose mean lies furthest towards <paramref name="x"/>).
    /// </summary>
    private double ExtremeTailScore(double x)
    {
        var dominant = -1;
        for (var k = 0; k < _means.Length; k++)
        {
            if (_weights[k] == 0)
            {
                continue;
            }

            if (dominant < 0
                || _standardDeviations[k] > _standardDeviations[dominant]
                || (_standardDeviations[k] == _standardDeviations[dominant] && (x > 0 ? _means[k] > _means[dominant] : _means[k] < _means[dominant])))
            {
                dominant = k;
            }
        }

        return ComponentScore(dominant, x);
    }

    /// <summary>The component whose running weight sum first exceeds <paramref name="uniform"/>, a draw from [0, 1).</summary>
    private int PickComponent(double uniform)
    {
        for (var k = 0; k < _cumulativeWeights.Length; k++)
        {
            if (uniform < _cumulativeWeights[k])
            {
                return k;
            }
        }

        return _lastWeightedComponent;
    }
}
