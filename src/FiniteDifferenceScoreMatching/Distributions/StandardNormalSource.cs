namespace FiniteDifferenceScoreMatching.Distributions;

/// <summary>Standard normal variates from a <see cref="Random"/> by Marsaglia's polar method, the second of each pair kept for the next call.</summary>
/// <param name="random">The only source of randomness.</param>
internal sealed class StandardNormalSource(Random random)
{
    private double _spare;
    private bool _hasSpare;

    /// <summary>Draws the next variate.</summary>
    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u, v, s;
        do
        {
            u = (2 * random.NextDouble()) - 1;
            v = (2 * random.NextDouble()) - 1;
            s = (u * u) + (v * v);
        }
        while (s >= 1 || s == 0);

        var factor = Math.Sqrt(-2 * Math.Log(s) / s);
        (_spare, _hasSpare) = (v * factor, true);
        return u * factor;
    }
}
