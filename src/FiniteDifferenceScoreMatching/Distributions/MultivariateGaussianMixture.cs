namespace FiniteDifferenceScoreMatching.Distributions;

/// <summary>
/// A mixture of d-dimensional normal distributions, Σₖ wₖ N(μₖ, Σₖ), with full or diagonal covariances: the
/// log-density, the score ∇ log p and seeded sampling, in double precision.
/// </summary>
/// <remarks>
/// Each covariance is factorised once, Σₖ = Lₖ Lₖᵀ (Cholesky). Component k's log-density is
/// −½ (d log 2π + log det Σₖ + ‖Lₖ⁻¹(x − μₖ)‖²), its score −Σₖ⁻¹(x − μₖ); the mixture's score is the responsibility-
/// weighted sum of the components' scores, with the responsibilities computed in log space so that points far from
/// every mean still get a finite score. Instances are immutable and safe to use from several threads.
/// </remarks>
public sealed class MultivariateGaussianMixture
{
    private const double WeightSumTolerance = 1e-9;

    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    private readonly double[] _weights;
    private readonly double[][] _means;
    private readonly double[][,] _choleskyFactors;
    private readonly double[] _logNormalisers;
    private readonly double[] _cumulativeWeights;

    /// <summary>Creates a mixture with full covariance matrices.</summary>
    /// <param name="weights">The components' weights: finite, not negative, summing to 1.</param>
    /// <param name="means">The components' means, all of the same length d ≥ 1, finite.</param>
    /// <param name="covariances">The components' covariance matrices, d × d, symmetric and positive definite.</param>
    /// <exception cref="ArgumentNullException">An argument, or one of its entries, is null.</exception>
    /// <exception cref="ArgumentException">
    /// No components, lists of different lengths, means of different lengths, a value that is not finite, a negative
    /// weight, weights not summing to 1, or a covariance that is not d × d, not symmetric or not positive definite;
    /// the message names the component.
    /// </exception>
    public MultivariateGaussianMixture(IReadOnlyList<double> weights, IReadOnlyList<double[]> means, IReadOnlyList<double[,]> covariances)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(covariances);
        var count = weights.Count;
        if (count == 0)
        {
            throw new ArgumentException("A mixture needs at least one component, but no weights were given.", nameof(weights));
        }

        if (means.Count != count)
        {
            throw new ArgumentException($"Expected one mean for each of the {count} weights, but got {means.Count}.", nameof(means));
        }

        if (covariances.Count != count)
        {
            throw new ArgumentException($"Expected one covariance for each of the {count} weights, but got {covariances.Count}.", nameof(covariances));
        }

        ThrowIfBadWeights(weights);
        Dimension = means[0]?.Length ?? throw new ArgumentNullException(nameof(means), "The mean at index 0 is null.");
        if (Dimension == 0)
        {
            throw new ArgumentException("The means must have at least one coordinate.", nameof(means));
        }

        _weights = [.. weights];
        _means = new double[count][];
        _choleskyFactors = new double[count][,];
        _logNormalisers = new double[count];
        _cumulativeWeights = new double[count];
        var running = 0.0;
        for (var k = 0; k < count; k++)
        {
            _means[k] = CheckedMean(means[k], k, Dimension);
            _choleskyFactors[k] = Cholesky(covariances[k] ?? throw new ArgumentNullException(nameof(covariances), $"The covariance at index {k} is null."), k, Dimension);
            var logDeterminant = 0.0;
            for (var i = 0; i < Dimension; i++)
            {
                logDeterminant += 2 * Math.Log(_choleskyFactors[k][i, i]);
            }

            _logNormalisers[k] = Math.Log(_weights[k]) - (0.5 * ((Dimension * LogTwoPi) + logDeterminant));
            running += _weights[k];
            _cumulativeWeights[k] = running;
        }

        Weights = Array.AsReadOnly(_weights);
    }

    /// <summary>Gets the number of coordinates d.</summary>
    public int Dimension { get; }

    /// <summary>Gets the number of components.</summary>
    public int ComponentCount => _weights.Length;

    /// <summary>Gets the components' weights.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>Creates a mixture whose covariances are diagonal, from each component's variances.</summary>
    /// <param name="weights">The components' weights: finite, not negative, summing to 1.</param>
    /// <param name="means">The components' means, all of the same length d ≥ 1.</param>
    /// <param name="variances">Each component's d variances: finite and positive.</param>
    /// <returns>The mixture.</returns>
    /// <exception cref="ArgumentNullException">An argument, or one of its entries, is null.</exception>
    /// <exception cref="ArgumentException">As for the constructor, or a variance list of another length than the means.</exception>
    public static MultivariateGaussianMixture Diagonal(IReadOnlyList<double> weights, IReadOnlyList<double[]> means, IReadOnlyList<double[]> variances)
    {
        ArgumentNullException.ThrowIfNull(variances);
        var covariances = new double[variances.Count][,];
        for (var k = 0; k < variances.Count; k++)
        {
            var diagonal = variances[k] ?? throw new ArgumentNullException(nameof(variances), $"The variances at index {k} are null.");
            covariances[k] = new double[diagonal.Length, diagonal.Length];
            for (var i = 0; i < diagonal.Length; i++)
            {
                covariances[k][i, i] = diagonal[i];
            }
        }

        return new MultivariateGaussianMixture(weights, means, covariances);
    }

    /// <summary>Gets component <paramref name="component"/>'s mean, as a new array.</summary>
    /// <param name="component">The component's index.</param>
    /// <returns>The mean.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="component"/> is not a component's index.</exception>
    public double[] Mean(int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(component);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(component, ComponentCount);
        return [.. _means[component]];
    }

    /// <summary>Gets component <paramref name="component"/>'s covariance, Lₖ Lₖᵀ, as a new array.</summary>
    /// <param name="component">The component's index.</param>
    /// <returns>The covariance matrix.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="component"/> is not a component's index.</exception>
    public double[,] Covariance(int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(component);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(component, ComponentCount);
        var factor = _choleskyFactors[component];
        var covariance = new double[Dimension, Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            for (var j = 0; j < Dimension; j++)
            {
                var sum = 0.0;
                for (var m = 0; m <= Math.Min(i, j); m++)
                {
                    sum += factor[i, m] * factor[j, m];
                }

                covariance[i, j] = sum;
            }
        }

        return covariance;
    }

    /// <summary>Evaluates log p(x).</summary>
    /// <param name="x">The point: d finite coordinates.</param>
    /// <returns>The log-density; −∞ only where it lies below the range of a double, some 10¹⁵⁴ standard deviations from every mean.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> has another length than d, or a coordinate that is not finite.</exception>
    public double DensityLn(ReadOnlySpan<double> x)
    {
        ThrowIfBadPoint(x, nameof(x));
        Span<double> logTerms = stackalloc double[ComponentCount];
        Span<double> whitened = stackalloc double[Dimension];
        for (var k = 0; k < ComponentCount; k++)
        {
            logTerms[k] = ComponentLogTerm(k, x, whitened);
        }

        return SpecialFunctions.LogSumExp(logTerms);
    }

    /// <summary>Evaluates p(x).</summary>
    /// <param name="x">The point: d finite coordinates.</param>
    /// <returns>The density.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> has another length than d, or a coordinate that is not finite.</exception>
    public double Density(ReadOnlySpan<double> x) => Math.Exp(DensityLn(x));

    /// <summary>Evaluates the score ∇ log p(x).</summary>
    /// <param name="x">The point: d finite coordinates.</param>
    /// <returns>A new array of d values.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> has another length than d, or a coordinate that is not finite.</exception>
    public double[] Score(ReadOnlySpan<double> x)
    {
        ThrowIfBadPoint(x, nameof(x));
        var score = new double[Dimension];
        ScoreInto(x, score);
        return score;
    }

    /// <summary>Evaluates log p at each row of <paramref name="points"/>.</summary>
    /// <param name="points">N points as the rows of an [N, d] array, finite.</param>
    /// <returns>A new array of N log-densities.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    /// <exception cref="ArgumentException">The array does not have d columns, or holds a value that is not finite.</exception>
    public double[] DensityLn(double[,] points)
    {
        Guard.ThrowIfBadPoints(points, Dimension, nameof(points));
        var result = new double[points.GetLength(0)];
        var row = new double[Dimension];
        for (var n = 0; n < result.Length; n++)
        {
            CopyRow(points, n, row);
            result[n] = DensityLn(row);
        }

        return result;
    }

    /// <summary>Evaluates the score ∇ log p at each row of <paramref name="points"/>.</summary>
    /// <param name="points">N points as the rows of an [N, d] array, finite.</param>
    /// <returns>A new [N, d] array, row n the score at point n.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    /// <exception cref="ArgumentException">The array does not have d columns, or holds a value that is not finite.</exception>
    public double[,] Score(double[,] points)
    {
        Guard.ThrowIfBadPoints(points, Dimension, nameof(points));
        var count = points.GetLength(0);
        var result = new double[count, Dimension];
        var row = new double[Dimension];
        var score = new double[Dimension];
        for (var n = 0; n < count; n++)
        {
            CopyRow(points, n, row);
            ScoreInto(row, score);
            for (var i = 0; i < Dimension; i++)
            {
                result[n, i] = score[i];
            }
        }

        return result;
    }

    /// <summary>
    /// The mixture noised at σ: the density of x + σz, z standard normal, which is the same mixture with every covariance
    /// grown by σ² I. Its score is what a noise-conditional model learns at level σ.
    /// </summary>
    /// <param name="sigma">The noise's standard deviation; finite and not negative (0 gives the mixture itself).</param>
    /// <returns>A new mixture.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sigma"/> is negative or not finite.</exception>
    public MultivariateGaussianMixture Noised(double sigma)
    {
        Guard.ThrowIfNegativeOrNotFinite(sigma, nameof(sigma));
        var covariances = new double[ComponentCount][,];
        for (var k = 0; k < ComponentCount; k++)
        {
            covariances[k] = Covariance(k);
            for (var i = 0; i < Dimension; i++)
            {
                covariances[k][i, i] += sigma * sigma;
            }
        }

        return new MultivariateGaussianMixture(_weights, _means, covariances);
    }

    /// <summary>
    /// The fraction of the rows of <paramref name="points"/> that each component is the most likely source of (the largest
    /// wₖ N(x; μₖ, Σₖ)): how a sampler shares its points out among the modes.
    /// </summary>
    /// <param name="points">N points as the rows of an [N, d] array, finite; at least one.</param>
    /// <returns>A new array of K fractions that sum to 1.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    /// <exception cref="ArgumentException">The array is empty, does not have d columns, or holds a value that is not finite.</exception>
    public double[] ComponentFractions(double[,] points)
    {
        Guard.ThrowIfBadPoints(points, Dimension, nameof(points));
        var count = points.GetLength(0);
        if (count == 0)
        {
            throw new ArgumentException("At least one point is needed.", nameof(points));
        }

        var fractions = new double[ComponentCount];
        var row = new double[Dimension];
        var whitened = new double[Dimension];
        for (var n = 0; n < count; n++)
        {
            CopyRow(points, n, row);
            var (best, bestLog) = (0, double.NegativeInfinity);
            for (var k = 0; k < ComponentCount; k++)
            {
                var log = ComponentLogTerm(k, row, whitened);
                (best, bestLog) = log > bestLog ? (k, log) : (best, bestLog);
            }

            if (double.IsNegativeInfinity(bestLog))
            {
                best = NearestComponent(row, whitened);
            }

            fractions[best] += 1.0 / count;
        }

        return fractions;
    }

    /// <summary>Draws <paramref name="count"/> points: a component by its weight, then μₖ + Lₖ z with z standard normal (Marsaglia's polar method).</summary>
    /// <param name="random">The only source of randomness; the same seed gives the same points.</param>
    /// <param name="count">The number of points; positive.</param>
    /// <returns>A new [count, d] array, one point per row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero or negative.</exception>
    public double[,] Sample(Random random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var points = new double[count, Dimension];
        var normal = new StandardNormalSource(random);
        var z = new double[Dimension];
        for (var n = 0; n < count; n++)
        {
            var k = PickComponent(random.NextDouble());
            for (var i = 0; i < Dimension; i++)
            {
                z[i] = normal.Next();
            }

            var factor = _choleskyFactors[k];
            for (var i = 0; i < Dimension; i++)
            {
                var value = _means[k][i];
                for (var m = 0; m <= i; m++)
                {
                    value += factor[i, m] * z[m];
                }

                points[n, i] = value;
            }
        }

        return points;
    }

    private void ScoreInto(ReadOnlySpan<double> x, Span<double> score)
    {
        var count = ComponentCount;
        Span<double> logTerms = stackalloc double[count];
        Span<double> whitened = stackalloc double[Dimension];
        for (var k = 0; k < count; k++)
        {
            logTerms[k] = ComponentLogTerm(k, x, whitened);
        }

        var total = SpecialFunctions.LogSumExp(logTerms);
        if (double.IsNegativeInfinity(total))
        {
            // Every term underflowed: the nearest component takes the whole responsibility, as it does in the limit.
            var nearest = NearestComponent(x, whitened);
            for (var k = 0; k < count; k++)
            {
                logTerms[k] = k == nearest ? 0 : double.NegativeInfinity;
            }

            total = 0;
        }

        score.Clear();
        Span<double> component = stackalloc double[Dimension];
        for (var k = 0; k < count; k++)
        {
            var responsibility = Math.Exp(logTerms[k] - total);
            if (responsibility == 0)
            {
                continue;
            }

            // −Σ⁻¹(x − μ): solve L y = x − μ, then Lᵀ s = y, and negate.
            var factor = _choleskyFactors[k];
            Whiten(k, x, component);
            for (var i = Dimension - 1; i >= 0; i--)
            {
                var value = component[i];
                for (var m = i + 1; m < Dimension; m++)
                {
                    value -= factor[m, i] * component[m];
                }

                component[i] = value / factor[i, i];
            }

            for (var i = 0; i < Dimension; i++)
            {
                score[i] -= responsibility * component[i];
            }
        }
    }

    /// <summary>log(wₖ N(x; μₖ, Σₖ)); <paramref name="whitened"/> is scratch of length d.</summary>
    private double ComponentLogTerm(int k, ReadOnlySpan<double> x, Span<double> whitened)
    {
        Whiten(k, x, whitened);
        var squared = 0.0;
        foreach (var value in whitened)
        {
            squared += value * value;
        }

        return _logNormalisers[k] - (0.5 * squared);
    }

    /// <summary>
    /// The component of positive weight nearest to <paramref name="x"/> in whitened distance ‖Lₖ⁻¹(x − μₖ)‖, compared
    /// through the logarithm of a scaled sum so that it does not overflow: far enough from every mean for every
    /// component's log-term to underflow, that component's term exceeds all others by more than any weight or
    /// normaliser can make up. <paramref name="whitened"/> is scratch of length d.
    /// </summary>
    private int NearestComponent(ReadOnlySpan<double> x, Span<double> whitened)
    {
        var (nearest, smallest) = (-1, double.PositiveInfinity);
        for (var k = 0; k < ComponentCount; k++)
        {
            if (_weights[k] == 0)
            {
                continue;
            }

            Whiten(k, x, whitened);
            var scale = 0.0;
            foreach (var value in whitened)
            {
                scale = Math.Max(scale, Math.Abs(value));
            }

            var sum = 0.0;
            foreach (var value in whitened)
            {
                sum += (value / scale) * (value / scale);
            }

            var logDistance = Math.Log(scale) + (0.5 * Math.Log(sum));
            if (nearest < 0 || logDistance < smallest)
            {
                (nearest, smallest) = (k, logDistance);
            }
        }

        return nearest;
    }

    /// <summary>Lₖ⁻¹(x − μₖ) by forward substitution into <paramref name="result"/>.</summary>
    private void Whiten(int k, ReadOnlySpan<double> x, Span<double> result)
    {
        var factor = _choleskyFactors[k];
        var mean = _means[k];
        for (var i = 0; i < Dimension; i++)
        {
            var value = x[i] - mean[i];
            for (var m = 0; m < i; m++)
            {
                value -= factor[i, m] * result[m];
            }

            result[i] = value / factor[i, i];
        }
    }

    private int PickComponent(double u)
    {
        for (var k = 0; k < _cumulativeWeights.Length - 1; k++)
        {
            if (u < _cumulativeWeights[k] && _weights[k] > 0)
            {
                return k;
            }
        }

        for (var k = _weights.Length - 1; k >= 0; k--)
        {
            if (_weights[k] > 0)
            {
                return k;
            }
        }

        return _weights.Length - 1;
    }

    private static void ThrowIfBadWeights(IReadOnlyList<double> weights)
    {
        var sum = 0.0;
        for (var k = 0; k < weights.Count; k++)
        {
            if (!double.IsFinite(weights[k]) || weights[k] < 0)
            {
                throw new ArgumentException($"Every weight must be finite and not negative, but the weight at index {k} is {weights[k]}.", nameof(weights));
            }

            sum += weights[k];
        }

        if (Math.Abs(sum - 1) > WeightSumTolerance)
        {
            throw new ArgumentException($"The weights must sum to 1, but they sum to {sum}.", nameof(weights));
        }
    }

    private static double[] CheckedMean(double[]? mean, int k, int dimension)
    {
        if (mean is null)
        {
            throw new ArgumentNullException("means", $"The mean at index {k} is null.");
        }

        if (mean.Length != dimension)
        {
            throw new ArgumentException($"Every mean must have {dimension} coordinates, like the first, but the mean at index {k} has {mean.Length}.", "means");
        }

        for (var i = 0; i < dimension; i++)
        {
            if (!double.IsFinite(mean[i]))
            {
                throw new ArgumentException($"Every coordinate of a mean must be finite, but coordinate {i} of the mean at index {k} is {mean[i]}.", "means");
            }
        }

        return [.. mean];
    }

    /// <summary>The lower Cholesky factor of a symmetric positive-definite matrix, or an exception that names the component.</summary>
    private static double[,] Cholesky(double[,] covariance, int k, int dimension)
    {
        if (covariance.GetLength(0) != dimension || covariance.GetLength(1) != dimension)
        {
            throw new ArgumentException($"Every covariance must be {dimension} × {dimension}, but the one at index {k} is {covariance.GetLength(0)} × {covariance.GetLength(1)}.", "covariances");
        }

        var factor = new double[dimension, dimension];
        for (var i = 0; i < dimension; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var value = covariance[i, j];
                var mirror = covariance[j, i];
                if (!double.IsFinite(value) || !double.IsFinite(mirror) || Math.Abs(value - mirror) > 1e-12 * Math.Max(1, Math.Abs(value)))
                {
                    throw new ArgumentException($"The covariance at index {k} must be finite and symmetric, but entries ({i}, {j}) and ({j}, {i}) are {value} and {mirror}.", "covariances");
                }

                for (var m = 0; m < j; m++)
                {
                    value -= factor[i, m] * factor[j, m];
                }

                if (i == j)
                {
                    if (!(value > 0))
                    {
                        throw new ArgumentException($"The covariance at index {k} is not positive definite: its Cholesky factorisation fails at row {i}.", "covariances");
                    }

                    factor[i, i] = Math.Sqrt(value);
                }
                else
                {
                    factor[i, j] = value / factor[j, j];
                }
            }
        }

        return factor;
    }

    private void ThrowIfBadPoint(ReadOnlySpan<double> x, string name)
    {
        if (x.Length != Dimension)
        {
            throw new ArgumentException($"The point must have {Dimension} coordinates, but has {x.Length}.", name);
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                throw new ArgumentException($"Every coordinate must be finite, but coordinate {i} is {x[i]}.", name);
            }
        }
    }

    private static void CopyRow(double[,] points, int n, double[] row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = points[n, i];
        }
    }
}
