using System.Globalization;

namespace FitQuality.Suite;

/// <summary>
/// The improved Sheather–Jones bandwidth of Botev, Grotowski and Kroese (2010), "Kernel density estimation via
/// diffusion", Annals of Statistics 38(5): the fixed point t = ξγ^[l](t) of the plug-in equation, with the norms of
/// the density's derivatives estimated from the discrete cosine transform of the binned samples.
/// </summary>
/// <remarks>
/// <para>
/// The samples are binned into n = 2^14 bins over [min − r/10, max + r/10] (r = max − min), rescaled to [0, 1], and
/// the bin shares d transformed: aₖ = Σⱼ dⱼ cos(π k (2j + 1) / 2n). On that unit interval the squared norm of the j-th
/// derivative of the density smoothed to time t (bandwidth² = t) is ‖f⁽ʲ⁾‖² ≈ 2 π^(2j) Σₖ k^(2j) aₖ² e^(−k²π²t)
/// (the reference code's (aₖ/2)², whose aₖ are twice these). With l = 7 stages, the norm of the 7th derivative is estimated at
/// t, and each lower one, for s = 6 … 2, at the time that is optimal for estimating it given the one above,
/// tₛ = (2 (1 + 2^−(s+½)) / 3 · (2s − 1)!! / √(2π) / (N ‖f⁽ˢ⁺¹⁾‖²))^(2 / (3 + 2s)). The bandwidth solves
/// t = (2 N √π ‖f''‖²)^(−2/5), where N counts the distinct samples; h = √t · (range of the bins).
/// </para>
/// <para>
/// The root is searched as the authors' reference code does: on [0, τ] with τ = 10⁻¹² + 0.01 (N' − 50) / 1000
/// (N' = N clamped to [50, 1050]), doubling τ up to 0.1 until the equation changes sign, then by bisection. If it
/// never changes sign, this falls back to Silverman's rule and says so in a warning.
/// </para>
/// </remarks>
internal sealed class ImprovedSheatherJones : IBandwidthSelector
{
    /// <summary>The number of bins, a power of 2.</summary>
    private const int Bins = 1 << 14;

    /// <summary>The number of stages l of the plug-in.</summary>
    private const int Stages = 7;

    /// <summary>The largest end of the root's search interval, in the rescaled units.</summary>
    private const double LargestSearchEnd = 0.1;

    /// <inheritdoc/>
    public string Name => "isj";

    /// <inheritdoc/>
    public BandwidthChoice Select(double[] sortedSamples)
    {
        ArgumentNullException.ThrowIfNull(sortedSamples);
        var t = FixedPoint(sortedSamples, out var range);
        if (t is double time && time > 0 && double.IsFinite(time))
        {
            var h = Math.Sqrt(time) * range;
            return new BandwidthChoice(h, string.Create(CultureInfo.InvariantCulture, $"h = {h:G4} (t* = {time:G4} on the unit interval)"));
        }

        var silverman = SilvermanRule.Bandwidth(sortedSamples);
        return new BandwidthChoice(
            silverman,
            string.Create(CultureInfo.InvariantCulture, $"h = {silverman:G4} (Silverman's: no fixed point)"),
            [string.Create(CultureInfo.InvariantCulture, $"isj-fallback: the fixed-point equation has no root in [0, {LargestSearchEnd}]; Silverman's bandwidth h = {silverman:G4} is used")]);
    }

    /// <summary>The fixed point t* on the unit interval, or <see langword="null"/> when the equation has no root in [0, 0.1].</summary>
    /// <param name="sortedSamples">The samples in ascending order.</param>
    /// <param name="range">The width of the binned interval, which turns √t* into a bandwidth.</param>
    /// <returns>t*, or <see langword="null"/>.</returns>
    public static double? FixedPoint(double[] sortedSamples, out double range)
    {
        ArgumentNullException.ThrowIfNull(sortedSamples);
        var minimum = sortedSamples[0];
        var maximum = sortedSamples[^1];
        var spread = maximum - minimum;
        var low = minimum - (spread / 10);
        range = (maximum + (spread / 10)) - low;
        var step = range / (Bins - 1);

        // Bin j holds the samples in [low + j·step, low + (j + 1)·step), as the reference code's histc does.
        var shares = new double[Bins];
        foreach (var x in sortedSamples)
        {
            var bin = (int)Math.Clamp(Math.Floor((x - low) / step), 0, Bins - 1);
            shares[bin] += 1.0 / sortedSamples.Length;
        }

        var transform = DiscreteCosineTransform.Forward(shares);
        var squaredIndex = new double[Bins - 1];
        var squaredCoefficient = new double[Bins - 1];
        for (var k = 1; k < Bins; k++)
        {
            squaredIndex[k - 1] = (double)k * k;
            squaredCoefficient[k - 1] = transform[k] * transform[k];
        }

        var distinct = 1;
        for (var i = 1; i < sortedSamples.Length; i++)
        {
            if (sortedSamples[i] != sortedSamples[i - 1])
            {
                distinct++;
            }
        }

        double Equation(double time) => PlugInEquation(time, distinct, squaredIndex, squaredCoefficient);

        var clamped = Math.Clamp(distinct, 50, 1050);
        var end = 1e-12 + (0.01 * (clamped - 50) / 1000);
        while (!(Equation(end) > 0))
        {
            if (end >= LargestSearchEnd)
            {
                return null;
            }

            end = Math.Min(2 * end, LargestSearchEnd);
        }

        // The equation is negative at 0 (the right-hand side is positive there) and positive at the end.
        var lower = 0.0;
        var upper = end;
        for (var iteration = 0; iteration < 200 && upper - lower > 1e-12 * upper; iteration++)
        {
            var middle = 0.5 * (lower + upper);
            if (Equation(middle) > 0)
            {
                upper = middle;
            }
            else
            {
                lower = middle;
            }
        }

        return 0.5 * (lower + upper);
    }

    /// <summary>t − ξγ^[l](t): the function whose root is the bandwidth² on the unit interval.</summary>
    private static double PlugInEquation(double time, int count, double[] squaredIndex, double[] squaredCoefficient)
    {
        var norm = DerivativeNorm(Stages, time, squaredIndex, squaredCoefficient);
        for (var s = Stages - 1; s >= 2; s--)
        {
            var doubleFactorial = 1.0;
            for (var odd = 3; odd <= (2 * s) - 1; odd += 2)
            {
                doubleFactorial *= odd;
            }

            var k0 = doubleFactorial / SpecialFunctions.SqrtTwoPi;
            var constant = (1 + Math.Pow(0.5, s + 0.5)) / 3;
            var stageTime = Math.Pow(2 * constant * k0 / count / norm, 2.0 / (3 + (2 * s)));
            norm = DerivativeNorm(s, stageTime, squaredIndex, squaredCoefficient);
        }

        return time - Math.Pow(2 * count * Math.Sqrt(Math.PI) * norm, -0.4);
    }

    /// <summary>2 π^(2s) Σₖ (k²)ˢ aₖ² e^(−k²π²t): the squared norm of the s-th derivative at time t.</summary>
    private static double DerivativeNorm(int s, double time, double[] squaredIndex, double[] squaredCoefficient)
    {
        var sum = 0.0;
        for (var k = 0; k < squaredIndex.Length; k++)
        {
            var i = squaredIndex[k];
            var decay = Math.Exp(-i * Math.PI * Math.PI * time);
            if (decay == 0)
            {
                // e^(−k²π²t) only falls from here on, and below e^(−745) not even k^(2s) ≤ 2^(28s) lifts a term to matter.
                break;
            }

            sum += Math.Pow(i, s) * squaredCoefficient[k] * decay;
        }

        return 2 * Math.Pow(Math.PI, 2 * s) * sum;
    }
}
