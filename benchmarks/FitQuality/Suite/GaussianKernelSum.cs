namespace FitQuality.Suite;

/// <summary>
/// Sums of Gaussian kernels over sorted samples, S(x) = Σⱼ exp(−(x − sⱼ)² / 2h²), in log form: every sample within
/// 8h of x counts, to about 1e-11 relative, and the log stays finite however far x lies from the samples.
/// </summary>
/// <remarks>
/// <para>
/// The samples are grouped into boxes of width h. Around a box's centre c, each kernel factors as
/// exp(−(x − s)² / 2h²) = exp(−t² / 2) · exp(−y² / 2) · exp(t y) with t = (x − c) / h and y = (s − c) / h, and
/// exp(t y) = Σₖ tᵏ yᵏ / k!, so a box contributes exp(−t² / 2) Σₖ Aₖ tᵏ with moments Aₖ = Σ exp(−y² / 2) yᵏ / k! over
/// its samples (a one-dimensional fast Gauss transform). Boxes up to 8 away from x's own box hold every sample
/// within 8h of x; for them |t| ≤ 8.5 and |y| ≤ ½, so |t y| ≤ 4.25 and 30 terms leave a relative error below 1e-10
/// even for the farthest sample. A query then costs at most 17 boxes of 30 terms, whatever the number of samples.
/// </para>
/// <para>
/// The boxes serve points with a sample within 3h. Beyond, the samples past the 8h cut-off are no longer negligible
/// next to the nearest one (at 7.9h, a sample at 8.1h adds a fifth of the nearest term), so such a point is summed
/// directly: the nearest sample's kernel term, and every other sample within 8h beyond it, by log-sum-exp, so that a
/// point far out in a tail gets its (very negative) log-density instead of −∞. With the nearest sample within 3h,
/// a sample beyond 8h weighs at most e^(−27.5) ≈ 1e-12 of it.
/// </para>
/// </remarks>
internal sealed class GaussianKernelSum
{
    /// <summary>The number of terms of each box's series.</summary>
    private const int Terms = 30;

    /// <summary>How many boxes on either side of a query's own box are summed.</summary>
    private const int Reach = 8;

    /// <summary>The kernel cut-off in bandwidths.</summary>
    private const double CutOff = 8;

    /// <summary>The distance to the nearest sample, in bandwidths, beyond which a point is summed directly.</summary>
    private const double NearLimit = 3;

    /// <summary>The largest box index used, far beyond any sample, which keeps the index arithmetic of huge |x| in range.</summary>
    private const double MaxBoxIndex = 1e15;

    private readonly double[] _samples;
    private readonly double _bandwidth;
    private readonly double _origin;

    /// <summary>The index of each non-empty box, ascending.</summary>
    private readonly long[] _boxes;

    /// <summary>The first sample of each box, and the sample count after the last.</summary>
    private readonly int[] _firstSample;

    /// <summary>The moments Aₖ of each box, <see cref="Terms"/> per box.</summary>
    private readonly double[] _moments;

    /// <summary>Groups the samples into boxes and computes their moments.</summary>
    /// <param name="sortedSamples">The samples in ascending order, all finite; kept, not copied, so they must not change afterwards.</param>
    /// <param name="bandwidth">The kernel bandwidth h; positive and finite.</param>
    public GaussianKernelSum(double[] sortedSamples, double bandwidth)
    {
        ArgumentNullException.ThrowIfNull(sortedSamples);
        ArgumentOutOfRangeException.ThrowIfZero(sortedSamples.Length);
        if (!(bandwidth > 0) || !double.IsFinite(bandwidth))
        {
            throw new ArgumentOutOfRangeException(nameof(bandwidth), bandwidth, "The bandwidth must be positive and finite.");
        }

        _samples = sortedSamples;
        _bandwidth = bandwidth;
        _origin = sortedSamples[0];

        var boxes = new List<long>();
        var firstSample = new List<int>();
        for (var i = 0; i < sortedSamples.Length; i++)
        {
            var box = BoxOf(sortedSamples[i]);
            if (boxes.Count == 0 || boxes[^1] != box)
            {
                boxes.Add(box);
                firstSample.Add(i);
            }
        }

        firstSample.Add(sortedSamples.Length);
        _boxes = [.. boxes];
        _firstSample = [.. firstSample];
        _moments = new double[_boxes.Length * Terms];
        for (var b = 0; b < _boxes.Length; b++)
        {
            var centre = Centre(_boxes[b]);
            var moments = _moments.AsSpan(b * Terms, Terms);
            for (var i = _firstSample[b]; i < _firstSample[b + 1]; i++)
            {
                var y = (sortedSamples[i] - centre) / bandwidth;
                var term = Math.Exp(-0.5 * y * y);
                for (var k = 0; k < Terms; k++)
                {
                    moments[k] += term;
                    term *= y / (k + 1);
                }
            }
        }
    }

    /// <summary>Gets the bandwidth h.</summary>
    public double Bandwidth => _bandwidth;

    /// <summary>Gets the number of samples.</summary>
    public int Count => _samples.Length;

    /// <summary>log S(x) = log Σⱼ exp(−(x − sⱼ)² / 2h²) over every sample.</summary>
    /// <param name="x">Any number; ±∞ gives −∞.</param>
    /// <returns>The log of the kernel sum, without the normalisation 1 / (N h √(2π)).</returns>
    public double LogSum(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (double.IsInfinity(x))
        {
            return double.NegativeInfinity;
        }

        var nearest = NearestDistance(x, -1);
        if (nearest > NearLimit * _bandwidth)
        {
            return DirectLogSum(x, nearest, -1);
        }

        var (scaled, offset) = ScaledBoxSum(x);
        return Math.Log(scaled) - offset;
    }

    /// <summary>log Σ_{j≠i} exp(−(sᵢ − sⱼ)² / 2h²): the kernel sum at sample i without its own term, for leave-one-out likelihoods.</summary>
    /// <param name="i">The index of the sample, in sorted order.</param>
    /// <returns>The log of the sum; −∞ when there is no other sample.</returns>
    /// <remarks>
    /// The box sum less the sample's own term (1) when another sample lies within 3h; then the rest is at least
    /// e^(−4.5) of the own term, and the subtraction loses under two digits. A more isolated sample is summed
    /// directly over the other samples.
    /// </remarks>
    public double LogSumExcluding(int i)
    {
        var x = _samples[i];
        var nearest = NearestDistance(x, i);
        if (!(nearest <= NearLimit * _bandwidth))
        {
            return DirectLogSum(x, nearest, i);
        }

        var (scaled, offset) = ScaledBoxSum(x);
        return Math.Log(scaled - Math.Exp(offset)) - offset;
    }

    /// <summary>
    /// The sum over the boxes within reach of x, scaled by exp(m) where m is half the smallest squared distance (in
    /// bandwidths) from x to a box centre, which keeps the largest box's factor at 1. x has a sample within 3h, so
    /// its own box or a neighbour is among them.
    /// </summary>
    private (double Scaled, double Offset) ScaledBoxSum(double x)
    {
        var box = BoxOf(x);
        var first = LowerBound(_boxes, box - Reach);
        var last = first;
        var smallest = double.PositiveInfinity;
        while (last < _boxes.Length && _boxes[last] <= box + Reach)
        {
            var t = (x - Centre(_boxes[last])) / _bandwidth;
            smallest = Math.Min(smallest, t * t);
            last++;
        }

        var offset = 0.5 * smallest;
        var sum = 0.0;
        for (var b = first; b < last; b++)
        {
            var t = (x - Centre(_boxes[b])) / _bandwidth;
            var moments = _moments.AsSpan(b * Terms, Terms);
            var series = 0.0;
            for (var k = Terms - 1; k >= 0; k--)
            {
                series = (series * t) + moments[k];
            }

            sum += Math.Exp(offset - (0.5 * t * t)) * series;
        }

        return (sum, offset);
    }

    /// <summary>The distance from x to the nearest sample (sample <paramref name="excluded"/> left out, −1 for none); +∞ if there is none.</summary>
    private double NearestDistance(double x, int excluded)
    {
        var insertion = LowerBound(_samples, x);
        var nearest = double.PositiveInfinity;
        for (var j = Math.Max(0, insertion - 2); j <= Math.Min(_samples.Length - 1, insertion + 1); j++)
        {
            if (j != excluded)
            {
                nearest = Math.Min(nearest, Math.Abs(x - _samples[j]));
            }
        }

        return nearest;
    }

    /// <summary>
    /// log Σⱼ exp(−(x − sⱼ)² / 2h²) over the samples within 8h beyond the nearest one, at distance
    /// <paramref name="nearest"/> (sample <paramref name="excluded"/> left out, −1 for none), by log-sum-exp from the
    /// nearest sample's term.
    /// </summary>
    private double DirectLogSum(double x, double nearest, int excluded)
    {
        if (double.IsPositiveInfinity(nearest))
        {
            return double.NegativeInfinity;
        }

        var radius = nearest + (CutOff * _bandwidth);
        var from = LowerBound(_samples, x - radius);
        var scale = 0.5 / (_bandwidth * _bandwidth);
        var nearestSquared = nearest * nearest;
        var sum = 0.0;
        for (var j = from; j < _samples.Length && _samples[j] <= x + radius; j++)
        {
            if (j != excluded)
            {
                var distance = x - _samples[j];
                sum += Math.Exp(-scale * ((distance * distance) - nearestSquared));
            }
        }

        return (-scale * nearestSquared) + Math.Log(sum);
    }

    private long BoxOf(double x) => (long)Math.Clamp(Math.Floor((x - _origin) / _bandwidth), -MaxBoxIndex, MaxBoxIndex);

    private double Centre(long box) => _origin + ((box + 0.5) * _bandwidth);

    /// <summary>The first index whose value is at least <paramref name="value"/> (the length if none).</summary>
    private static int LowerBound<T>(T[] values, T value)
        where T : IComparable<T>
    {
        var (low, high) = (0, values.Length);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (values[middle].CompareTo(value) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
