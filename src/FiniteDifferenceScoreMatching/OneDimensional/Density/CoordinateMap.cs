namespace FiniteDifferenceScoreMatching.OneDimensional.Density;

/// <summary>
/// A smooth increasing map u = g(x) in which a density is represented: affine, u = (x − c) / s, or sinh-arcsinh,
/// u = asinh((x − c) / s). The second is nearly affine within a few s of c and logarithmic beyond, so that tails that
/// fall as a power of x fall exponentially in u.
/// </summary>
/// <param name="Center">The value of x where u = 0.</param>
/// <param name="Scale">The length in x of one unit of z = (x − c) / s; positive.</param>
/// <param name="IsAsinh">Whether u = asinh(z) rather than u = z.</param>
internal readonly record struct CoordinateMap(double Center, double Scale, bool IsAsinh)
{
    /// <summary>Gets the map u = x.</summary>
    public static CoordinateMap Identity => new(0, 1, IsAsinh: false);

    /// <summary>Maps x to u.</summary>
    public double ToU(double x)
    {
        var z = (x - Center) / Scale;
        return IsAsinh ? Math.Asinh(z) : z;
    }

    /// <summary>Maps u back to x.</summary>
    public double ToX(double u) => Center + (Scale * (IsAsinh ? Math.Sinh(u) : u));

    /// <summary>The logarithm of du/dx at <paramref name="x"/>: −log s − ½ log(1 + z²) for the sinh-arcsinh map.</summary>
    public double LogDerivative(double x)
    {
        var logScale = Math.Log(Scale);
        if (!IsAsinh)
        {
            return -logScale;
        }

        var z = Math.Abs((x - Center) / Scale);

        // For large |z| the square overflows; log(1 + z²) = 2 log|z| + log(1 + 1/z²) does not.
        var logOnePlusSquare = z < 1e150 ? Math.Log(1 + (z * z)) : (2 * Math.Log(z)) + (1 / (z * z));
        return -logScale - (0.5 * logOnePlusSquare);
    }

    /// <summary>
    /// The score in x of a density whose score in u is <paramref name="scoreInU"/> at u = g(x):
    /// d/dx log p_X = ψ_U(u) · du/dx + d/dx log(du/dx).
    /// </summary>
    public double ScoreInX(double x, double scoreInU)
    {
        var z = (x - Center) / Scale;
        if (!IsAsinh)
        {
            return scoreInU / Scale;
        }

        var root = Math.Abs(z) < 1e150 ? Math.Sqrt(1 + (z * z)) : Math.Abs(z);
        return (scoreInU - (z / root)) / (Scale * root);
    }
}
