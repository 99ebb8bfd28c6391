namespace FitQuality.Suite;

/// <summary>A mixture of uniform distributions, Σₖ wₖ U(aₖ, bₖ): a density made of steps, with jumps at the ends of the pieces.</summary>
internal sealed class PiecewiseUniformDistribution : ITestDistribution
{
    private readonly (double Weight, double Lower, double Upper)[] _pieces;

    /// <summary>Creates the mixture.</summary>
    /// <param name="pieces">(weight, lower end, upper end) of each piece; weights positive and summing to 1 within 1e-12, lower &lt; upper.</param>
    /// <exception cref="ArgumentException">No pieces, a weight that is not positive, an empty interval, or weights that do not sum to 1.</exception>
    public PiecewiseUniformDistribution(params (double Weight, double Lower, double Upper)[] pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        if (pieces.Length == 0 || pieces.Any(p => !(p.Weight > 0) || !(p.Upper > p.Lower)))
        {
            throw new ArgumentException("Every piece needs a positive weight and a non-empty interval.", nameof(pieces));
        }

        var total = pieces.Sum(p => p.Weight);
        if (Math.Abs(total - 1) > 1e-12)
        {
            throw new ArgumentException($"The weights sum to {total}, not 1.", nameof(pieces));
        }

        _pieces = [.. pieces];
    }

    /// <inheritdoc/>
    public double Density(double x)
    {
        var sum = 0.0;
        foreach (var (weight, lower, upper) in _pieces)
        {
            if (x >= lower && x < upper)
            {
                sum += weight / (upper - lower);
            }
        }

        return sum;
    }

    /// <inheritdoc/>
    public double DensityLn(double x) => Math.Log(Density(x));

    /// <inheritdoc/>
    public double Cdf(double x)
    {
        var sum = 0.0;
        foreach (var (weight, lower, upper) in _pieces)
        {
            sum += weight * Math.Clamp((x - lower) / (upper - lower), 0, 1);
        }

        return Math.Min(sum, 1);
    }

    /// <inheritdoc/>
    public double Quantile(double p) => NumericQuantile.Find(this, p, _pieces.Min(q => q.Lower), _pieces.Max(q => q.Upper));

    /// <inheritdoc/>
    /// <remarks>Picks a piece with one uniform draw, then a point in it with a second.</remarks>
    public double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u = random.NextDouble();
        var k = 0;
        var cumulative = _pieces[0].Weight;
        while (u >= cumulative && k < _pieces.Length - 1)
        {
            k++;
            cumulative += _pieces[k].Weight;
        }

        var (_, a, b) = _pieces[k];
        return a + ((b - a) * random.NextDouble());
    }
}
