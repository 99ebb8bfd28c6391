namespace FitQuality.Suite;

/// <summary>The discrete cosine transform (type II) of a sequence whose length is a power of 2, through one complex FFT.</summary>
internal static class DiscreteCosineTransform
{
    /// <summary>Xₖ = Σⱼ dⱼ cos(π k (2j + 1) / 2n) for k = 0 … n − 1, without normalisation.</summary>
    /// <param name="data">The sequence d; its length n a power of 2.</param>
    /// <returns>A new array with X.</returns>
    /// <remarks>
    /// Makhoul's method: v = (d₀, d₂, d₄, …, d₃, d₁) (even entries ascending, then odd ones descending), V = FFT(v),
    /// Xₖ = Re(e^(−iπk / 2n) Vₖ).
    /// </remarks>
    public static double[] Forward(double[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var n = data.Length;
        if (n == 0 || (n & (n - 1)) != 0)
        {
            throw new ArgumentException($"The length must be a power of 2, not {n}.", nameof(data));
        }

        var re = new double[n];
        var im = new double[n];
        for (var j = 0; j < n / 2; j++)
        {
            re[j] = data[2 * j];
            re[n - 1 - j] = data[(2 * j) + 1];
        }

        if (n == 1)
        {
            re[0] = data[0];
        }

        Fft(re, im);
        var result = new double[n];
        for (var k = 0; k < n; k++)
        {
            var angle = -Math.PI * k / (2.0 * n);
            result[k] = (Math.Cos(angle) * re[k]) - (Math.Sin(angle) * im[k]);
        }

        return result;
    }

    /// <summary>The forward FFT Vₖ = Σⱼ vⱼ e^(−2πijk/n) in place, radix 2, with twiddle factors computed once each.</summary>
    private static void Fft(double[] re, double[] im)
    {
        var n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        var cos = new double[Math.Max(n / 2, 1)];
        var sin = new double[Math.Max(n / 2, 1)];
        for (var k = 0; k < n / 2; k++)
        {
            cos[k] = Math.Cos(2 * Math.PI * k / n);
            sin[k] = -Math.Sin(2 * Math.PI * k / n);
        }

        for (var length = 2; length <= n; length <<= 1)
        {
            var half = length / 2;
            var stride = n / length;
            for (var start = 0; start < n; start += length)
            {
                for (var k = 0; k < half; k++)
                {
                    var (wr, wi) = (cos[k * stride], sin[k * stride]);
                    var p = start + k;
                    var q = p + half;
                    var vr = (re[q] * wr) - (im[q] * wi);
                    var vi = (re[q] * wi) + (im[q] * wr);
                    (re[q], im[q]) = (re[p] - vr, im[p] - vi);
                    (re[p], im[p]) = (re[p] + vr, im[p] + vi);
                }
            }
        }
    }
}
