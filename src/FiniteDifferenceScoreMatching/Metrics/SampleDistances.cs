using System.Globalization;

namespace FiniteDifferenceScoreMatching.Metrics;

/// <summary>
/// Distances between two sets of samples in d dimensions, for judging a sampler against samples of the truth: the
/// squared maximum mean discrepancy with a Gaussian kernel, and the energy distance; and a permutation test that turns
/// either into a p-value.
/// </summary>
/// <remarks>
/// Both statistics are 0 in expectation when the two sets come from one distribution (the MMD² estimate is unbiased, so
/// it can be slightly negative) and grow as the distributions part. Their scale depends on the data, so a threshold
/// means something only against their spread under the null: <see cref="PermutationTest"/> gives it.
/// </remarks>
public static class SampleDistances
{
    /// <summary>
    /// The unbiased estimate of the squared maximum mean discrepancy with the Gaussian kernel
    /// k(x, y) = exp(−‖x − y‖² / 2h²): the mean of k within each set (without the diagonal) minus twice its mean across.
    /// </summary>
    /// <param name="x">The first samples, one per row of an [N, d] array; at least two, finite.</param>
    /// <param name="y">The second samples, [M, d] with the same d; at least two, finite.</param>
    /// <param name="bandwidth">The kernel's width h; <see langword="null"/> for the median heuristic, <see cref="MedianDistance"/>.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentNullException">A set is null.</exception>
    /// <exception cref="ArgumentException">A set has fewer than two samples, a value that is not finite, or another d than the other.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bandwidth"/> is not finite and positive.</exception>
    public static double MaximumMeanDiscrepancySquared(double[,] x, double[,] y, double? bandwidth = null)
    {
        ThrowIfBad(x, y);
        var h = bandwidth ?? MedianDistance(x, y);
        Guard.ThrowIfNotFinitePositive(h, nameof(bandwidth));
        var kernel = new GaussianKernel(-1 / (2 * h * h));
        return WithinMean(x, kernel) + WithinMean(y, kernel) - (2 * AcrossMean(x, y, kernel));
    }

    /// <summary>
    /// The median heuristic's bandwidth: the median distance between distinct samples of the two sets pooled (of at most
    /// 1,000 of each set, evenly spaced).
    /// </summary>
    /// <param name="x">The first samples, one per row of an [N, d] array; at least two, finite.</param>
    /// <param name="y">The second samples, [M, d] with the same d; at least two, finite.</param>
    /// <returns>The median distance; 0 when more than half the pairs coincide.</returns>
    /// <remarks>
    /// The pooled samples are the same in every split of a permutation test, so a test that fixes the bandwidth to this
    /// value once computes what the heuristic would give in each split, without computing it again.
    /// </remarks>
    /// <exception cref="ArgumentNullException">A set is null.</exception>
    /// <exception cref="ArgumentException">A set has fewer than two samples, a value that is not finite, or another d than the other.</exception>
    public static double MedianDistance(double[,] x, double[,] y)
    {
        ThrowIfBad(x, y);
        var pooled = Thin(x).Concat(Thin(y)).ToArray();
        var distances = new double[pooled.Length * (pooled.Length - 1) / 2];
        var next = 0;
        for (var i = 0; i < pooled.Length; i++)
        {
            for (var j = i + 1; j < pooled.Length; j++)
            {
                distances[next++] = Math.Sqrt(SquaredDistance(pooled[i], pooled[j]));
            }
        }

        Array.Sort(distances);
        return distances[distances.Length / 2];
    }

    /// <summary>The energy distance 2 E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖, each mean over distinct pairs.</summary>
    /// <param name="x">The first samples, one per row of an [N, d] array; at least two, finite.</param>
    /// <param name="y">The second samples, [M, d] with the same d; at least two, finite.</param>
    /// <returns>The energy distance's estimate.</returns>
    /// <exception cref="ArgumentNullException">A set is null.</exception>
    /// <exception cref="ArgumentException">A set has fewer than two samples, a value that is not finite, or another d than the other.</exception>
    public static double EnergyDistance(double[,] x, double[,] y)
    {
        ThrowIfBad(x, y);
        var kernel = default(DistanceKernel);
        return (2 * AcrossMean(x, y, kernel)) - WithinMean(x, kernel) - WithinMean(y, kernel);
    }

    /// <summary>
    /// A permutation test of the hypothesis that <paramref name="x"/> and <paramref name="y"/> come from one distribution:
    /// the statistic on the two sets, and on <paramref name="permutations"/> random splits of the pooled samples into sets
    /// of the same sizes, which is its distribution under the hypothesis.
    /// </summary>
    /// <param name="x">The first samples, [N, d].</param>
    /// <param name="y">The second samples, [M, d].</param>
    /// <param name="statistic">The statistic, such as <see cref="EnergyDistance"/>, or the squared MMD with its bandwidth fixed to <see cref="MedianDistance"/> of the two sets (the same in every split, so computed once).</param>
    /// <param name="permutations">The number of random splits; at least 19.</param>
    /// <param name="random">The source of the splits.</param>
    /// <returns>The observed statistic, the sorted null values, and the p-value (1 + #{null ≥ observed}) / (1 + permutations).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for the statistics.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permutations"/> is below 19.</exception>
    public static PermutationTestResult PermutationTest(double[,] x, double[,] y, Func<double[,], double[,], double> statistic, int permutations, Random random)
    {
        ThrowIfBad(x, y);
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 19);
        var observed = statistic(x, y);
        var (n, m, d) = (x.GetLength(0), y.GetLength(0), x.GetLength(1));
        var pooled = new double[n + m, d];
        Buffer.BlockCopy(x, 0, pooled, 0, x.Length * sizeof(double));
        Buffer.BlockCopy(y, 0, pooled, x.Length * sizeof(double), y.Length * sizeof(double));
        var order = Enumerable.Range(0, n + m).ToArray();
        var nulls = new double[permutations];
        for (var p = 0; p < permutations; p++)
        {
            random.Shuffle(order);
            nulls[p] = statistic(Rows(pooled, order.AsSpan(0, n)), Rows(pooled, order.AsSpan(n, m)));
        }

        Array.Sort(nulls);
        var exceeding = nulls.Count(v => v >= observed);
        return new PermutationTestResult(observed, nulls, (1.0 + exceeding) / (1.0 + permutations));
    }

    private static double[,] Rows(double[,] points, ReadOnlySpan<int> rows)
    {
        var d = points.GetLength(1);
        var result = new double[rows.Length, d];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var i = 0; i < d; i++)
            {
                result[r, i] = points[rows[r], i];
            }
        }

        return result;
    }

    private static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var k = 0; k < a.Length; k++)
        {
            var difference = a[k] - b[k];
            sum += difference * difference;
        }

        return sum;
    }

    private static double WithinMean<TKernel>(double[,] a, TKernel kernel)
        where TKernel : struct, IPairKernel
    {
        var (n, d) = (a.GetLength(0), a.GetLength(1));
        var rows = Flatten(a);
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var row = rows.AsSpan(i * d, d);
            for (var j = i + 1; j < n; j++)
            {
                sum += kernel.Evaluate(SquaredDistance(row, rows.AsSpan(j * d, d)));
            }
        }

        return 2 * sum / (n * (n - 1.0));
    }

    private static double AcrossMean<TKernel>(double[,] a, double[,] b, TKernel kernel)
        where TKernel : struct, IPairKernel
    {
        var (n, m, d) = (a.GetLength(0), b.GetLength(0), a.GetLength(1));
        var (left, right) = (Flatten(a), Flatten(b));
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var row = left.AsSpan(i * d, d);
            for (var j = 0; j < m; j++)
            {
                sum += kernel.Evaluate(SquaredDistance(row, right.AsSpan(j * d, d)));
            }
        }

        return sum / ((double)n * m);
    }

    private static double[] Flatten(double[,] points)
    {
        var flat = new double[points.Length];
        Buffer.BlockCopy(points, 0, flat, 0, flat.Length * sizeof(double));
        return flat;
    }

    private static IEnumerable<double[]> Thin(double[,] points)
    {
        var (n, d) = (points.GetLength(0), points.GetLength(1));
        var stride = Math.Max(1, n / 1000);
        for (var i = 0; i < n; i += stride)
        {
            yield return Enumerable.Range(0, d).Select(k => points[i, k]).ToArray();
        }
    }

    private static void ThrowIfBad(double[,] x, double[,] y)
    {
        Guard.ThrowIfBadPoints(x, nameof(x));
        Guard.ThrowIfBadPoints(y, nameof(y));
        if (x.GetLength(0) < 2 || y.GetLength(0) < 2)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Each set needs at least two samples; there are {x.GetLength(0)} and {y.GetLength(0)}."), x.GetLength(0) < 2 ? nameof(x) : nameof(y));
        }

        if (x.GetLength(1) != y.GetLength(1))
        {
            throw new ArgumentException($"The sets have {x.GetLength(1)} and {y.GetLength(1)} coordinates.", nameof(y));
        }
    }

    /// <summary>A function of the squared distance between two samples, specialised per kernel at compile time.</summary>
    private interface IPairKernel
    {
        double Evaluate(double squaredDistance);
    }

    private readonly struct GaussianKernel(double scale) : IPairKernel
    {
        public double Evaluate(double squaredDistance) => Math.Exp(scale * squaredDistance);
    }

    private readonly struct DistanceKernel : IPairKernel
    {
        public double Evaluate(double squaredDistance) => Math.Sqrt(squaredDistance);
    }
}
