using FiniteDifferenceScoreMatching.Models;

namespace FiniteDifferenceScoreMatching.OneDimensional.Density;

/// <summary>
/// A normalised one-dimensional density recovered from a score: log-density, density, distribution function, its
/// inverse and sampling, at any point of the real line.
/// </summary>
/// <remarks>
/// <para>
/// The score is known at the nodes of a uniform grid in a coordinate u (x itself, or a smooth increasing map of it) and
/// taken as linear between them, so that the log-density, its integral, is piecewise quadratic: log p_U is
/// accumulated from the first node, and each interval's mass is integrated by Simpson's rule. The density in x is
/// p_X(x) = p_U(u(x)) · du/dx.
/// </para>
/// <para>
/// Beyond the grid the log-density continues as a straight line in u whose slope is the score at the nearer end, so
/// that each tail is the exponential tail (in u) that the fitted score points to; where the score at an end does not
/// fall away from the grid, the slope is the smallest decay rate, one over the grid's width, instead. With the
/// sinh-arcsinh coordinate of <see cref="Fitting.ScoreMatchingFit"/> exponential tails in u are power-law tails in x.
/// </para>
/// <para>
/// Regions separated by an empty gap in the samples, or by a valley of the density, can be given masses of their own
/// (see <see cref="Regions"/>): the score says nothing about how much mass lies on either side of a region without
/// samples, and little where samples are few, so their relative mass is a free or a poorly known constant of
/// integration, which the samples' shares then fix. The density can also be a mixture of such densities, each fitted
/// to the samples of one region and weighted by that region's share.
/// </para>
/// <para>Instances are immutable and safe to use from several threads.</para>
/// </remarks>
public sealed class ScoreDensity
{
    private readonly GridDensity[] _components;
    private readonly double[] _weights;
    private readonly double[] _logWeights;
    private readonly IReadOnlyList<DensityRegion> _regions;

    private ScoreDensity(GridDensity[] components, double[] weights, IReadOnlyList<DensityRegion> regions)
    {
        _components = components;
        _weights = weights;
        _logWeights = weights.Select(w => Math.Log(w)).ToArray();
        _regions = regions;
    }

    /// <summary>
    /// Gets the regions whose masses were set from the samples' shares, in increasing order; one region, holding the
    /// whole line, when none were. For a mixture, each region is that of one component, and its mass the component's
    /// weight.
    /// </summary>
    public IReadOnlyList<DensityRegion> Regions => _regions;

    /// <summary>Gets the number of densities this one is a mixture of: 1 unless it was fitted region by region.</summary>
    internal int ComponentCount => _components.Length;

    /// <summary>
    /// Recovers the density whose score is <paramref name="score"/> on <paramref name="grid"/>, with the tails described
    /// in the remarks of <see cref="ScoreDensity"/>.
    /// </summary>
    /// <param name="grid">The grid on which the score is given; it should cover the region where the density is not negligible.</param>
    /// <param name="score">The score d/dx log p at each grid point; finite.</param>
    /// <returns>The density.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="score"/> does not hold one value per grid point, a value is not finite, or the integrated score
    /// overflows.
    /// </exception>
    public static ScoreDensity FromScore(UniformGrid grid, IReadOnlyList<double> score)
    {
        ArgumentNullException.ThrowIfNull(grid);
        grid.ThrowIfLengthDiffers(score, nameof(score));
        Guard.ThrowIfAnyNotFinite(score, nameof(score));
        return Create(CoordinateMap.Identity, grid.Start, grid.Step, [.. score], [], null, 0);
    }

    /// <summary>
    /// Recovers the density of <paramref name="model"/>'s score on <paramref name="grid"/> (see
    /// <see cref="FromScore(UniformGrid, IReadOnlyList{double})"/>).
    /// </summary>
    /// <param name="grid">The grid on which the score is evaluated.</param>
    /// <param name="model">The score model; not disposed.</param>
    /// <returns>The density.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The model's score is not finite on the grid, or its integral overflows.</exception>
    public static ScoreDensity FromScore(UniformGrid grid, IScoreModel model)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(model);
        return FromScore(grid, model.ScoreAt(grid.Points));
    }

    /// <summary>The density of one grid, with its regions (see <see cref="GridDensity.Create"/>).</summary>
    internal static ScoreDensity Create(CoordinateMap map, double start, double step, double[] scoreInU, IReadOnlyList<(double Lower, double Upper)> gaps, int[]? samplesBelowNode, int sampleCount, double valleyRatio = double.PositiveInfinity)
    {
        var grid = GridDensity.Create(map, start, step, scoreInU, gaps, samplesBelowNode, sampleCount, valleyRatio);
        return new ScoreDensity([grid], [1], grid.Regions);
    }

    /// <summary>
    /// The mixture Σₖ wₖ pₖ of the single-grid densities <paramref name="components"/>, with <paramref name="regions"/>
    /// describing, in order, where each came from and its weight (<see cref="DensityRegion.Mass"/>, summing to 1).
    /// </summary>
    internal static ScoreDensity Mixture(IReadOnlyList<ScoreDensity> components, IReadOnlyList<DensityRegion> regions)
    {
        if (components.Count != regions.Count || components.Any(c => c.ComponentCount != 1))
        {
            throw new ArgumentException("A mixture needs one single-grid density per region.", nameof(components));
        }

        return new ScoreDensity(components.Select(c => c._components[0]).ToArray(), regions.Select(r => r.Mass).ToArray(), regions);
    }

    /// <summary>Evaluates the logarithm of the density at <paramref name="x"/>.</summary>
    /// <param name="x">The point; NaN gives NaN.</param>
    /// <returns>log p(x); −∞ only where the density underflows beyond double precision's range.</returns>
    public double DensityLn(double x)
    {
        if (_components.Length == 1)
        {
            return _components[0].DensityLn(x);
        }

        // log Σₖ wₖ pₖ(x), by the largest term.
        Span<double> terms = stackalloc double[_components.Length];
        var largest = double.NegativeInfinity;
        for (var k = 0; k < terms.Length; k++)
        {
            terms[k] = _logWeights[k] + _components[k].DensityLn(x);
            largest = Math.Max(largest, terms[k]);
        }

        if (!double.IsFinite(largest))
        {
            return double.IsNaN(x) ? double.NaN : double.NegativeInfinity;
        }

        var sum = 0.0;
        foreach (var term in terms)
        {
            sum += Math.Exp(term - largest);
        }

        return largest + Math.Log(sum);
    }

    /// <summary>
    /// Writes into <paramref name="shares"/> each component's share of the density at <paramref name="x"/>,
    /// wₖ pₖ(x) / p(x); where the density underflows, the share of the component whose log-density is highest is 1.
    /// </summary>
    internal void ComponentShares(double x, Span<double> shares)
    {
        var largest = double.NegativeInfinity;
        var top = 0;
        for (var k = 0; k < _components.Length; k++)
        {
            shares[k] = _logWeights[k] + _components[k].DensityLn(x);
            (largest, top) = shares[k] > largest ? (shares[k], k) : (largest, top);
        }

        var sum = 0.0;
        for (var k = 0; k < _components.Length; k++)
        {
            shares[k] = double.IsFinite(largest) ? Math.Exp(shares[k] - largest) : k == top ? 1 : 0;
            sum += shares[k];
        }

        for (var k = 0; k < _components.Length; k++)
        {
            shares[k] /= sum;
        }
    }

    /// <summary>Evaluates the density at <paramref name="x"/>.</summary>
    /// <param name="x">The point.</param>
    /// <returns>p(x), not negative.</returns>
    public double Density(double x) => Math.Exp(DensityLn(x));

    /// <summary>Evaluates the distribution function P(X ≤ <paramref name="x"/>).</summary>
    /// <param name="x">The point.</param>
    /// <returns>A probability between 0 and 1, not decreasing in <paramref name="x"/>.</returns>
    public double CumulativeDistribution(double x)
    {
        var sum = 0.0;
        for (var k = 0; k < _components.Length; k++)
        {
            sum += _weights[k] * _components[k].CumulativeDistribution(x);
        }

        return double.IsNaN(sum) ? sum : Math.Clamp(sum, 0, 1);
    }

    /// <summary>Evaluates the quantile function, the inverse of <see cref="CumulativeDistribution"/>.</summary>
    /// <param name="probability">The probability, strictly between 0 and 1.</param>
    /// <returns>The x at which the distribution function reaches <paramref name="probability"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is not strictly between 0 and 1.</exception>
    public double InverseCumulativeDistribution(double probability)
    {
        if (!(probability > 0 && probability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The probability must be strictly between 0 and 1.");
        }

        if (_components.Length == 1)
        {
            return _components[0].Quantile(probability);
        }

        // A mixture's distribution function at its components' quantiles brackets the probability: bisect between them.
        var lower = double.PositiveInfinity;
        var upper = double.NegativeInfinity;
        foreach (var component in _components)
        {
            var quantile = component.Quantile(probability);
            (lower, upper) = (Math.Min(lower, quantile), Math.Max(upper, quantile));
        }

        for (var iteration = 0; iteration < 200 && upper - lower > 1e-13 * Math.Max(1, Math.Abs(lower) + Math.Abs(upper)); iteration++)
        {
            var middle = 0.5 * (lower + upper);
            if (CumulativeDistribution(middle) < probability)
            {
                lower = middle;
            }
            else
            {
                upper = middle;
            }
        }

        return 0.5 * (lower + upper);
    }

    /// <summary>Draws independent samples: a component by its weight, then a point by inverting its distribution function.</summary>
    /// <param name="random">The source of randomness.</param>
    /// <param name="count">The number of samples; not negative.</param>
    /// <returns>A new array of <paramref name="count"/> samples.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public double[] Sample(Random random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var component = 0;
            if (_components.Length > 1)
            {
                var pick = random.NextDouble();
                while (component < _components.Length - 1 && pick >= _weights[component])
                {
                    pick -= _weights[component];
                    component++;
                }
            }

            double probability;
            do
            {
                probability = random.NextDouble();
            }
            while (probability == 0);
            samples[i] = _components[component].Quantile(probability);
        }

        return samples;
    }

    /// <summary>
    /// The mean log-likelihood per sample of <paramref name="samples"/>, (1/N) Σ log p(xₙ): on samples that were not used
    /// to fit the density, a score of the fit that is comparable between any two density estimates.
    /// </summary>
    /// <param name="samples">The samples: at least one, all finite.</param>
    /// <returns>The mean log-density.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">There are no samples, or one is not finite.</exception>
    public double MeanLogLikelihood(IReadOnlyList<double> samples)
    {
        Guard.ThrowIfAnyNotFinite(samples, nameof(samples));
        if (samples.Count == 0)
        {
            throw new ArgumentException("At least one sample is needed.", nameof(samples));
        }

        var sum = 0.0;
        for (var i = 0; i < samples.Count; i++)
        {
            sum += DensityLn(samples[i]);
        }

        return sum / samples.Count;
    }
}
