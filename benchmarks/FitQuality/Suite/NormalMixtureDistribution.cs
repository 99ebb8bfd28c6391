namespace FitQuality.Suite;

/// <summary>A finite mixture of normal distributions, Σₖ wₖ N(μₖ, σₖ²).</summary>
internal sealed class NormalMixtureDistribution : ITestDistribution
{
    private readonly double[] _weights;
    private readonly double[] _means;
    private readonly double[] _standardDeviations;

    /// <summary>log wₖ − log σₖ − ½ log 2π for each component.</summary>
    private readonly double[] _logScales;

    /// <summary>Creates the mixture from (weight, mean, standard deviation) triples.</summary>
    /// <param name="components">The components; weights positive and summing to 1 within 1e-12, standard deviations positive.</param>
    /// <exception cref="ArgumentException">No components, a weight or standard deviation that is not positive, or weights that do not sum to 1.</exception>
    public NormalMixtureDistribution(params (double Weight, double Mean, double StandardDeviation)[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Length == 0 || components.Any(c => !(c.Weight > 0) || !(c.StandardDeviation > 0) || !double.IsFinite(c.Mean)))
        {
            throw new ArgumentException("Every component needs a positive weight and standard deviation and a finite mean.", nameof(components));
        }

        var total = components.Sum(c => c.Weight);
        if (Math.Abs(total - 1) > 1e-12)
        {
            throw new ArgumentException($"The weights sum to {total}, not 1.", nameof(components));
        }

        _weights = components.Select(c => c.Weight).ToArray();
        _means = components.Select(c => c.Mean).ToArray();
        _standardDeviations = components.Select(c => c.StandardDeviation).ToArray();
        _logScales = components.Select(c => Math.Log(c.Weight) - Math.Log(c.StandardDeviation) - SpecialFunctions.LogSqrtTwoPi).ToArray();
    }

    /// <inheritdoc/>
    public double Density(double x)
    {
        var sum = 0.0;
        for (var k = 0; k < _weights.Length; k++)
        {
            var z = (x - _means[k]) / _standardDeviations[k];
            sum += _weights[k] * SpecialFunctions.NormalDensity(z) / _standardDeviations[k];
        }

        return sum;
    }

    /// <inheritdoc/>
    /// <remarks>Log-sum-exp over the components, so that it stays finite where every component density underflows.</remarks>
    public double DensityLn(double x)
    {
        var max = double.NegativeInfinity;
        Span<double> terms = stackalloc double[_weights.Length];
        for (var k = 0; k < _weights.Length; k++)
        {
            var z = (x - _means[k]) / _standardDeviations[k];
            terms[k] = _logScales[k] - (0.5 * z * z);
            max = Math.Max(max, terms[k]);
        }

        if (double.IsNegativeInfinity(max) || double.IsNaN(max))
        {
            return max;
        }

        var sum = 0.0;
        foreach (var term in terms)
        {
            sum += Math.Exp(term - max);
        }

        return max + Math.Log(sum);
    }

    /// <inheritdoc/>
    public double Cdf(double x)
    {
        var sum = 0.0;
        for (var k = 0; k < _weights.Length; k++)
        {
            sum += _weights[k] * SpecialFunctions.NormalCdf((x - _means[k]) / _standardDeviations[k]);
        }

        return Math.Min(sum, 1);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The mixture's quantile lies between the smallest and the largest of the components' quantiles at p (at the
    /// smallest every component's CDF is at most p, at the largest at least p), which brackets the numeric search.
    /// </remarks>
    public double Quantile(double p)
    {
        if (_weights.Length == 1)
        {
            return _means[0] + (_standardDeviations[0] * SpecialFunctions.NormalQuantile(p));
        }

        var z = SpecialFunctions.NormalQuantile(p);
        var lower = double.PositiveInfinity;
        var upper = double.NegativeInfinity;
        for (var k = 0; k < _weights.Length; k++)
        {
            var q = _means[k] + (_standardDeviations[k] * z);
            lower = Math.Min(lower, q);
            upper = Math.Max(upper, q);
        }

        return NumericQuantile.Find(this, p, lower, upper);
    }

    /// <inheritdoc/>
    /// <remarks>Picks a component with one uniform draw, then takes its normal quantile of a second.</remarks>
    public double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u = random.NextDouble();
        var k = 0;
        var cumulative = _weights[0];
        while (u >= cumulative && k < _weights.Length - 1)
        {
            k++;
            cumulative += _weights[k];
        }

        return _means[k] + (_standardDeviations[k] * SpecialFunctions.NormalQuantile(NumericQuantile.OpenUniform(random)));
    }
}
