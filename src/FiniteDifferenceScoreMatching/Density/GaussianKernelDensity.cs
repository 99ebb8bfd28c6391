namespace FiniteDifferenceScoreMatching.Density;

/// <summary>
/// A Gaussian kernel density estimate in d dimensions with a full bandwidth matrix, the sample covariance times the
/// square of a factor, as scipy.stats.gaussian_kde computes it: p̂(x) = (1/n) Σᵢ N(x; xᵢ, H), H = f² Σ̂.
/// </summary>
/// <remarks>
/// <para>
/// Σ̂ is the unbiased sample covariance (divided by n − 1); f defaults to Scott's rule, n^(−1/(d+4))
/// (<see cref="ScottFactor"/>). The kernel follows the samples' own correlations, so an estimate of elongated data is
/// not smeared across them. The estimate is the reference that a density recovered from a score is compared with.
/// </para>
/// <para>
/// The covariance is factorised once, in coordinates centred on the middle of each coordinate's range and scaled by its
/// half-width, so that values of any magnitude cost no range; each evaluation whitens the point and sums the kernels in
/// logarithms, so that a point far from every sample gets 0 rather than a NaN. Each evaluation visits every sample, n · d
/// operations per point. Instances are immutable and safe to use from several threads.
/// </para>
/// </remarks>
public sealed class GaussianKernelDensity
{
    /// <summary>The smallest pivot of the covariance's Cholesky factorisation, relative to its diagonal, that is not taken for singular.</summary>
    private const double SingularTolerance = 1e-12;

    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    private readonly double[] _centre;
    private readonly double[] _halfWidth;
    private readonly double[,] _cholesky;
    private readonly double[] _whitened;
    private readonly int _count;
    private readonly double _logNormaliser;

    /// <summary>Creates the estimate of the rows of <paramref name="samples"/>.</summary>
    /// <param name="samples">n samples of d coordinates as the rows of an [n, d] array, copied; at least d + 1, finite, not all in a lower-dimensional plane.</param>
    /// <param name="bandwidthFactor">The factor f of the bandwidth matrix f² Σ̂; finite and positive, or <see langword="null"/> for Scott's rule.</param>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="samples"/> has no column, fewer than d + 1 rows, a value that is not finite, or a singular covariance
    /// (a coordinate that does not vary, or samples on a line or plane); or the kernels are so narrow that their peak, or a
    /// sample's distance from the others in bandwidths, is beyond what a double holds (the message then names
    /// <paramref name="bandwidthFactor"/> when it was given).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bandwidthFactor"/> is not finite and positive.</exception>
    public GaussianKernelDensity(double[,] samples, double? bandwidthFactor = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var (count, dimension) = (samples.GetLength(0), samples.GetLength(1));
        if (dimension == 0)
        {
            throw new ArgumentException($"The samples must have at least one coordinate, but the array is {count} × 0.", nameof(samples));
        }

        if (count < dimension + 1)
        {
            throw new ArgumentException($"A covariance of {dimension} coordinates needs at least {dimension + 1} samples, but got {count}.", nameof(samples));
        }

        for (var n = 0; n < count; n++)
        {
            for (var i = 0; i < dimension; i++)
            {
                if (!double.IsFinite(samples[n, i]))
                {
                    throw new ArgumentException($"Every coordinate must be finite, but coordinate {i} of sample {n} is {samples[n, i]}.", nameof(samples));
                }
            }
        }

        if (bandwidthFactor is { } given)
        {
            Guard.ThrowIfNotFinitePositive(given, nameof(bandwidthFactor));
        }

        (_count, Dimension) = (count, dimension);
        BandwidthFactor = bandwidthFactor ?? ScottFactor(count, dimension);
        (_centre, _halfWidth) = Ranges(samples);
        var scaled = new double[count, dimension];
        for (var n = 0; n < count; n++)
        {
            for (var i = 0; i < dimension; i++)
            {
                scaled[n, i] = (samples[n, i] - _centre[i]) / _halfWidth[i];
            }
        }

        _cholesky = Cholesky(Covariance(scaled));

        // log of 1 / (n (2π)^(d/2) det(H)^(1/2)), H = f² D L Lᵀ D with D the half-widths.
        var logDeterminantRoot = dimension * Math.Log(BandwidthFactor);
        for (var i = 0; i < dimension; i++)
        {
            logDeterminantRoot += Math.Log(_halfWidth[i]) + Math.Log(_cholesky[i, i]);
        }

        _logNormaliser = -Math.Log(count) - (0.5 * dimension * LogTwoPi) - logDeterminantRoot;
        if (_logNormaliser + Math.Log(count) > Math.Log(double.MaxValue))
        {
            var (name, what) = bandwidthFactor is null ? (nameof(samples), "the samples spread over too small a region") : (nameof(bandwidthFactor), "the bandwidth is too small");
            throw new ArgumentException($"The estimate's kernels peak at exp({_logNormaliser + Math.Log(count)}), beyond what a double holds: {what}.", name);
        }

        // The samples whitened by the bandwidth: z = L⁻¹ D⁻¹ (x − c) / f, where each kernel is the standard normal.
        _whitened = new double[count * dimension];
        var buffer = new double[dimension];
        for (var n = 0; n < count; n++)
        {
            for (var i = 0; i < dimension; i++)
            {
                buffer[i] = scaled[n, i];
            }

            var whitened = _whitened.AsSpan(n * dimension, dimension);
            Whiten(buffer, whitened);
            for (var i = 0; i < dimension; i++)
            {
                whitened[i] /= BandwidthFactor;
                if (!double.IsFinite(whitened[i]))
                {
                    throw new ArgumentException($"Sample {n} lies further from the others, in bandwidths of factor {BandwidthFactor}, than a double holds.", bandwidthFactor is null ? nameof(samples) : nameof(bandwidthFactor));
                }
            }
        }
    }

    /// <summary>Gets the number of coordinates d.</summary>
    public int Dimension { get; }

    /// <summary>Gets the factor f of the bandwidth matrix f² Σ̂: the one given, or Scott's n^(−1/(d+4)).</summary>
    public double BandwidthFactor { get; }

    /// <summary>Scott's rule for the bandwidth factor, n^(−1/(d+4)), scipy.stats.gaussian_kde's default.</summary>
    /// <param name="count">The number of samples n; positive.</param>
    /// <param name="dimension">The number of coordinates d; positive.</param>
    /// <returns>The factor, at most 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="dimension"/> is zero or negative.</exception>
    public static double ScottFactor(int count, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        return Math.Pow(count, -1.0 / (dimension + 4));
    }

    /// <summary>Evaluates the estimate at <paramref name="x"/>.</summary>
    /// <param name="x">The point: d finite coordinates.</param>
    /// <returns>The density, 0 where it underflows far from every sample.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> has another length than d, or a coordinate that is not finite.</exception>
    public double Density(ReadOnlySpan<double> x)
    {
        if (x.Length != Dimension)
        {
            throw new ArgumentException($"The point must have {Dimension} coordinates, but has {x.Length}.", nameof(x));
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                throw new ArgumentException($"Every coordinate must be finite, but coordinate {i} is {x[i]}.", nameof(x));
            }
        }

        return DensityOf(x, new double[Dimension]);
    }

    /// <summary>Evaluates the estimate at each row of <paramref name="points"/>.</summary>
    /// <param name="points">N points as the rows of an [N, d] array; finite.</param>
    /// <returns>A new array of N densities.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    /// <exception cref="ArgumentException">The array does not have d columns, or holds a value that is not finite.</exception>
    public double[] Density(double[,] points)
    {
        Guard.ThrowIfBadPoints(points, Dimension, nameof(points));
        var count = points.GetLength(0);
        var result = new double[count];
        var point = new double[Dimension];
        var scratch = new double[Dimension];
        for (var n = 0; n < count; n++)
        {
            for (var i = 0; i < Dimension; i++)
            {
                point[i] = points[n, i];
            }

            result[n] = DensityOf(point, scratch);
        }

        return result;
    }

    /// <summary>Evaluates the estimate's score, ∇ log p̂, at each row of <paramref name="points"/>.</summary>
    /// <param name="points">N points as the rows of an [N, d] array; finite.</param>
    /// <returns>A new [N, d] array, row n the score at point n.</returns>
    /// <remarks>
    /// The score is −H⁻¹ (x − x̄(x)), x̄(x) the mean of the samples weighted by their kernels at x, computed with the
    /// weights relative to the nearest sample: far from every sample, where the density itself underflows to 0, it still
    /// points back towards the nearest ones and grows linearly with the distance, as a Gaussian tail's does.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    /// <exception cref="ArgumentException">The array does not have d columns, or holds a value that is not finite.</exception>
    public double[,] Score(double[,] points)
    {
        Guard.ThrowIfBadPoints(points, Dimension, nameof(points));
        var count = points.GetLength(0);
        var result = new double[count, Dimension];
        var z = new double[Dimension];
        var mean = new double[Dimension];
        for (var n = 0; n < count; n++)
        {
            for (var i = 0; i < Dimension; i++)
            {
                z[i] = (points[n, i] - _centre[i]) / _halfWidth[i];
            }

            Whiten(z, z);
            for (var i = 0; i < Dimension; i++)
            {
                z[i] /= BandwidthFactor;
            }

            KernelWeightedMean(z, mean);

            // With z = L⁻¹ D⁻¹ (x − c) / f, ∇ₓ log p̂ = −(1/f) D⁻¹ L⁻ᵀ (z − z̄).
            for (var i = 0; i < Dimension; i++)
            {
                mean[i] = z[i] - mean[i];
            }

            for (var i = Dimension - 1; i >= 0; i--)
            {
                var value = mean[i];
                for (var k = i + 1; k < Dimension; k++)
                {
                    value -= _cholesky[k, i] * mean[k];
                }

                mean[i] = value / _cholesky[i, i];
            }

            for (var i = 0; i < Dimension; i++)
            {
                result[n, i] = -mean[i] / (BandwidthFactor * _halfWidth[i]);
            }
        }

        return result;
    }

    /// <summary>The mean of the whitened samples weighted by exp(−½ ‖z − zᵢ‖²), the weights taken relative to the nearest sample.</summary>
    private void KernelWeightedMean(ReadOnlySpan<double> z, Span<double> mean)
    {
        var nearest = double.PositiveInfinity;
        var total = 0.0;
        mean.Clear();
        var samples = _whitened;
        for (int n = 0, offset = 0; n < _count; n++, offset += Dimension)
        {
            var squared = 0.0;
            for (var i = 0; i < Dimension; i++)
            {
                var difference = z[i] - samples[offset + i];
                squared += difference * difference;
            }

            double weight;
            if (squared < nearest)
            {
                var rescale = double.IsFinite(nearest) ? Math.Exp(-0.5 * (nearest - squared)) : 0;
                total *= rescale;
                for (var i = 0; i < Dimension; i++)
                {
                    mean[i] *= rescale;
                }

                nearest = squared;
                weight = 1;
            }
            else
            {
                weight = Math.Exp(-0.5 * (squared - nearest));
            }

            total += weight;
            for (var i = 0; i < Dimension; i++)
            {
                mean[i] += weight * samples[offset + i];
            }
        }

        for (var i = 0; i < Dimension; i++)
        {
            mean[i] /= total;
        }
    }

    /// <summary>The estimate at a checked point; <paramref name="scratch"/> holds d values.</summary>
    private double DensityOf(ReadOnlySpan<double> x, Span<double> scratch)
    {
        for (var i = 0; i < Dimension; i++)
        {
            scratch[i] = (x[i] - _centre[i]) / _halfWidth[i];
        }

        Whiten(scratch, scratch);
        for (var i = 0; i < Dimension; i++)
        {
            scratch[i] /= BandwidthFactor;
            if (!double.IsFinite(scratch[i]))
            {
                // Further from every sample, in bandwidths, than a double holds.
                return 0;
            }
        }

        // log Σ exp(−½ ‖z − zᵢ‖²) accumulated from the nearest sample seen so far, so that nothing overflows; a sample
        // whose squared distance overflows adds nothing.
        var nearest = double.PositiveInfinity;
        var sum = 0.0;
        var samples = _whitened;
        for (int n = 0, offset = 0; n < _count; n++, offset += Dimension)
        {
            var squared = 0.0;
            for (var i = 0; i < Dimension; i++)
            {
                var difference = scratch[i] - samples[offset + i];
                squared += difference * difference;
            }

            if (squared < nearest)
            {
                sum = (sum * Math.Exp(-0.5 * (nearest - squared))) + 1;
                nearest = squared;
            }
            else if (squared < double.PositiveInfinity)
            {
                sum += Math.Exp(-0.5 * (squared - nearest));
            }
        }

        return double.IsFinite(nearest) ? Math.Exp(_logNormaliser + Math.Log(sum) - (0.5 * nearest)) : 0;
    }

    /// <summary>L⁻¹ <paramref name="x"/> by forward substitution, in place when the spans are one.</summary>
    private void Whiten(ReadOnlySpan<double> x, Span<double> result)
    {
        for (var i = 0; i < Dimension; i++)
        {
            var value = x[i];
            for (var k = 0; k < i; k++)
            {
                value -= _cholesky[i, k] * result[k];
            }

            result[i] = value / _cholesky[i, i];
        }
    }

    /// <summary>The middle of each coordinate's range and its half-width, both finite, computed halved so that nothing overflows.</summary>
    private static (double[] Centre, double[] HalfWidth) Ranges(double[,] samples)
    {
        var (count, dimension) = (samples.GetLength(0), samples.GetLength(1));
        var centre = new double[dimension];
        var halfWidth = new double[dimension];
        for (var i = 0; i < dimension; i++)
        {
            var (lowest, highest) = (double.PositiveInfinity, double.NegativeInfinity);
            for (var n = 0; n < count; n++)
            {
                lowest = Math.Min(lowest, samples[n, i]);
                highest = Math.Max(highest, samples[n, i]);
            }

            if (!(highest > lowest))
            {
                throw new ArgumentException($"The covariance of the samples is singular: coordinate {i} is {lowest} in every sample.", nameof(samples));
            }

            centre[i] = (0.5 * lowest) + (0.5 * highest);
            halfWidth[i] = (0.5 * highest) - (0.5 * lowest);
            if (!(halfWidth[i] > 0))
            {
                // Two neighbouring subnormal values: halving loses their difference.
                halfWidth[i] = highest - lowest;
            }
        }

        return (centre, halfWidth);
    }

    /// <summary>The unbiased covariance of rows scaled into [−1, 1].</summary>
    private static double[,] Covariance(double[,] scaled)
    {
        var (count, dimension) = (scaled.GetLength(0), scaled.GetLength(1));
        var mean = new double[dimension];
        for (var n = 0; n < count; n++)
        {
            for (var i = 0; i < dimension; i++)
            {
                mean[i] += scaled[n, i] / count;
            }
        }

        var covariance = new double[dimension, dimension];
        for (var n = 0; n < count; n++)
        {
            for (var i = 0; i < dimension; i++)
            {
                for (var k = 0; k <= i; k++)
                {
                    covariance[i, k] += (scaled[n, i] - mean[i]) * (scaled[n, k] - mean[k]) / (count - 1);
                }
            }
        }

        return covariance;
    }

    /// <summary>The lower Cholesky factor of the lower triangle of <paramref name="covariance"/>, or an exception if it is singular.</summary>
    private static double[,] Cholesky(double[,] covariance)
    {
        var dimension = covariance.GetLength(0);
        var factor = new double[dimension, dimension];
        for (var i = 0; i < dimension; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var value = covariance[i, j];
                for (var k = 0; k < j; k++)
                {
                    value -= factor[i, k] * factor[j, k];
                }

                if (i == j)
                {
                    if (!(value > SingularTolerance * covariance[i, i]))
                    {
                        throw new ArgumentException($"The covariance of the samples is singular: coordinate {i} is, to within {SingularTolerance:G} of its variance, a linear function of the coordinates before it, so the samples lie in a line or plane.", "samples");
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
}
