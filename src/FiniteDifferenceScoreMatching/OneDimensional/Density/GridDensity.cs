namespace FiniteDifferenceScoreMatching.OneDimensional.Density;

/// <summary>
/// One density recovered from a score on a uniform grid of nodes in a coordinate u: the whole of a
/// <see cref="ScoreDensity"/>, or one component of a mixture of them. The remarks of <see cref="ScoreDensity"/>
/// describe the integration, the tails and the regions.
/// </summary>
/// <remarks>Instances are immutable and safe to use from several threads.</remarks>
internal sealed class GridDensity
{
    private readonly CoordinateMap _map;
    private readonly double _start;
    private readonly double _step;
    private readonly double[] _score;
    private readonly double[] _logBase;
    private readonly double[] _cumulative;
    private readonly double _leftRate;
    private readonly double _rightRate;
    private readonly double _logLeft;
    private readonly double _logRight;
    private readonly DensityRegion[] _regions;

    private GridDensity(CoordinateMap map, double start, double step, double[] score, double[] logDensity, IReadOnlyList<int> cuts, IReadOnlyList<int>? regionCounts, double[] regionEdges)
    {
        _map = map;
        _start = start;
        _step = step;
        _score = score;
        var count = score.Length;
        var last = count - 1;
        var minimumRate = 1 / (step * last);
        _leftRate = Math.Max(score[0], minimumRate);
        _rightRate = Math.Max(-score[last], minimumRate);

        // Each region's nodes: a region's mass is summed relative to its own highest node, so that a region far below
        // the highest one (in a rough fit, hundreds of nats) still has a mass that does not underflow to zero.
        var regionCount = cuts.Count + 1;
        var regionOf = new int[count];
        var peak = Enumerable.Repeat(double.NegativeInfinity, regionCount).ToArray();
        for (int j = 0, region = 0; j < count; j++)
        {
            while (region < cuts.Count && j > cuts[region])
            {
                region++;
            }

            regionOf[j] = region;
            peak[region] = Math.Max(peak[region], logDensity[j]);
        }

        // Interval j, from node j to node j + 1, belongs to the region of node j + 1 when node j is a cut.
        var intervalRegion = new int[last];
        var intervalMass = new double[last];
        var regionMass = new double[regionCount];
        regionMass[0] = Math.Exp(logDensity[0] - peak[0]) / _leftRate;
        regionMass[^1] += Math.Exp(logDensity[last] - peak[^1]) / _rightRate;
        for (var j = 0; j < last; j++)
        {
            var region = regionOf[j + 1];
            intervalRegion[j] = region;
            intervalMass[j] = IntervalMass(logDensity[j] - peak[region], j, step);
            regionMass[region] += intervalMass[j];
        }

        // Each region's factor: its share of the samples over the mass the score gives it, or one normaliser for all.
        // Without regions the masses are relative to one peak; with them, only the samples' shares are compared.
        var samples = regionCounts?.Sum() ?? 0;
        var logFactor = new double[regionCount];
        var logScoreMass = new double[regionCount];
        for (var r = 0; r < regionCount; r++)
        {
            logScoreMass[r] = Math.Log(regionMass[r]) + peak[r];
        }

        var logTotal = Distributions.SpecialFunctions.LogSumExp(logScoreMass);
        _regions = new DensityRegion[regionCount];
        for (var r = 0; r < regionCount; r++)
        {
            var scoreShare = Math.Exp(logScoreMass[r] - logTotal);
            var mass = regionCounts is null ? scoreShare : (regionCounts[r] + 0.5) / (samples + (0.5 * regionCount));
            // The factor relative to the region's highest node, log(mass) − log(mass relative to that node), so that
            // node values far from zero do not cancel against it.
            logFactor[r] = Math.Log(mass) - Math.Log(regionMass[r]);
            _regions[r] = new DensityRegion(regionEdges[r], regionEdges[r + 1], regionCounts?[r] ?? 0, scoreShare, mass);
        }

        if (logFactor.Any(f => !double.IsFinite(f)))
        {
            throw new ArgumentException("The density of the score cannot be normalised: a region's mass is not a positive finite number.", nameof(score));
        }

        _logBase = new double[last];
        _cumulative = new double[count];
        _logLeft = logDensity[0] - peak[0] + logFactor[0];
        _logRight = logDensity[last] - peak[^1] + logFactor[^1];
        _cumulative[0] = Math.Exp(_logLeft) / _leftRate;
        for (var j = 0; j < last; j++)
        {
            var region = intervalRegion[j];
            _logBase[j] = logDensity[j] - peak[region] + logFactor[region];
            _cumulative[j + 1] = _cumulative[j] + (intervalMass[j] * Math.Exp(logFactor[region]));
        }
    }


    /// <summary>Gets the regions whose masses were set from the samples' shares, in increasing order; one region, holding the whole line, when none were.</summary>
    public IReadOnlyList<DensityRegion> Regions => _regions;

    /// <summary>
    /// The density whose score in the coordinate of <paramref name="map"/> is <paramref name="scoreInU"/> at the nodes
    /// start + j · step, with regions given the samples' shares (counted with <see cref="CountBelowNodes"/>): the regions
    /// between <paramref name="gaps"/> (empty intervals in x, each split at its node of lowest density) and, when
    /// <paramref name="valleyRatio"/> is finite, those between the density's valleys (see <see cref="FindValleys"/>). One
    /// region, the whole line, when the counts are null (then it counts no samples) or there is nothing to cut at.
    /// </summary>
    internal static GridDensity Create(CoordinateMap map, double start, double step, double[] scoreInU, IReadOnlyList<(double Lower, double Upper)> gaps, int[]? samplesBelowNode, int sampleCount, double valleyRatio = double.PositiveInfinity)
    {
        var logAtNode = LogDensityAtNodes(start, step, scoreInU);
        var cuts = new SortedSet<int>();
        if (samplesBelowNode is not null)
        {
            // The cut in each gap: the node of lowest unnormalised log-density, where a cut disturbs the density least.
            foreach (var (lower, upper) in gaps)
            {
                var first = Math.Max(1, (int)Math.Ceiling((map.ToU(lower) - start) / step));
                var stop = Math.Min(scoreInU.Length - 2, (int)Math.Floor((map.ToU(upper) - start) / step));
                if (stop < first)
                {
                    continue;
                }

                var cut = first;
                for (var j = first + 1; j <= stop; j++)
                {
                    cut = logAtNode[j] < logAtNode[cut] ? j : cut;
                }

                cuts.Add(cut);
            }

            if (double.IsFinite(valleyRatio))
            {
                var logInX = new double[logAtNode.Length];
                for (var j = 0; j < logInX.Length; j++)
                {
                    logInX[j] = logAtNode[j] + map.LogDerivative(map.ToX(start + (j * step)));
                }

                cuts.UnionWith(FindValleys(logInX, Math.Log(valleyRatio)));
            }
        }

        if (cuts.Count == 0)
        {
            // One region, the whole line, of mass 1 either way; with counts, it holds every sample.
            int[]? wholeLine = samplesBelowNode is null ? null : [sampleCount];
            return new GridDensity(map, start, step, scoreInU, logAtNode, [], wholeLine, [double.NegativeInfinity, double.PositiveInfinity]);
        }

        var edges = new List<double> { double.NegativeInfinity };
        var counts = new List<int>();
        var below = 0;
        foreach (var cut in cuts)
        {
            edges.Add(map.ToX(start + (cut * step)));
            counts.Add(samplesBelowNode![cut] - below);
            below = samplesBelowNode[cut];
        }

        counts.Add(sampleCount - below);
        edges.Add(double.PositiveInfinity);
        return new GridDensity(map, start, step, scoreInU, logAtNode, [.. cuts], counts, [.. edges]);
    }

    /// <summary>
    /// The valleys of a log-density sampled at nodes: each node that is the lowest between two peaks that both rise at
    /// least <paramref name="logDepth"/> above it, found in one pass with hysteresis, so that wiggles shallower than the
    /// depth are ignored. The first and last nodes are never valleys.
    /// </summary>
    internal static List<int> FindValleys(IReadOnlyList<double> logDensity, double logDepth)
    {
        var valleys = new List<int>();
        var peak = logDensity[0];
        var valley = -1;
        for (var j = 1; j < logDensity.Count - 1; j++)
        {
            var value = logDensity[j];
            if (valley < 0)
            {
                peak = Math.Max(peak, value);
                valley = value < peak - logDepth ? j : -1;
            }
            else if (value < logDensity[valley])
            {
                valley = j;
            }
            else if (value > logDensity[valley] + logDepth)
            {
                valleys.Add(valley);
                (peak, valley) = (value, -1);
            }
        }

        return valleys;
    }

    /// <summary>
    /// For each node start + j · step, the number of <paramref name="valuesInU"/> below it (ties aside), which
    /// <see cref="Create"/> takes to count the samples of each region.
    /// </summary>
    internal static int[] CountBelowNodes(IEnumerable<double> valuesInU, double start, double step, int nodeCount)
    {
        var histogram = new int[nodeCount + 1];
        foreach (var u in valuesInU)
        {
            var above = Math.Clamp(Math.Floor((u - start) / step) + 1, 0, nodeCount);
            histogram[(int)above]++;
        }

        var below = new int[nodeCount];
        var running = 0;
        for (var j = 0; j < nodeCount; j++)
        {
            running += histogram[j];
            below[j] = running;
        }

        return below;
    }

    /// <summary>Evaluates the logarithm of the density at <paramref name="x"/>.</summary>
    /// <param name="x">The point; NaN gives NaN.</param>
    /// <returns>log p(x); −∞ only where the density underflows beyond double precision's range.</returns>
    public double DensityLn(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (double.IsInfinity(x))
        {
            return double.NegativeInfinity;
        }

        return DensityLnInU(_map.ToU(x)) + _map.LogDerivative(x);
    }

    /// <summary>Evaluates the distribution function P(X ≤ <paramref name="x"/>).</summary>
    /// <param name="x">The point.</param>
    /// <returns>A probability between 0 and 1, not decreasing in <paramref name="x"/>.</returns>
    public double CumulativeDistribution(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        return x == double.PositiveInfinity ? 1 : x == double.NegativeInfinity ? 0 : CumulativeInU(_map.ToU(x));
    }

    /// <summary>The quantile function, the inverse of <see cref="CumulativeDistribution"/>, at a probability strictly between 0 and 1.</summary>
    public double Quantile(double probability) => _map.ToX(InverseInU(probability));

    /// <summary>
    /// The most the log-density may change within one interval. Beyond it the density cannot be evaluated between the
    /// nodes without the rise and the node's value cancelling to a meaningless difference; a grid fine enough for the
    /// density stays far below it.
    /// </summary>
    private const double MaxChangePerInterval = 1e4;

    /// <summary>The most Newton steps a quantile takes within its interval.</summary>
    private const int MaxNewtonSteps = 50;

    /// <summary>The largest change of the log-density, whose slope runs linearly from <paramref name="from"/> to <paramref name="to"/> over <paramref name="step"/>, within the interval.</summary>
    private static double LargestChange(double from, double to, double step)
    {
        var largest = Math.Abs(0.5 * step * (from + to));
        if ((from > 0) != (to > 0) && from != to)
        {
            // The slope changes sign inside: the log-density turns at t = from · step / (from − to).
            var turn = from * step / (from - to);
            largest = Math.Max(largest, Math.Abs(0.5 * turn * from));
        }

        return largest;
    }

    /// <summary>The unnormalised log-density at the nodes, from 0 at the first, by the trapezoid rule on the score.</summary>
    private static double[] LogDensityAtNodes(double start, double step, double[] score)
    {
        var logDensity = new double[score.Length];
        for (var j = 0; j + 1 < score.Length; j++)
        {
            // Within an interval the density uses the score's change across it; that must be a number too.
            if (!double.IsFinite(score[j + 1] - score[j]))
            {
                throw new ArgumentException($"The score changes from {score[j]} to {score[j + 1]} between nodes {j} and {j + 1}, more than a double holds.", nameof(score));
            }

            logDensity[j + 1] = logDensity[j] + (0.5 * step * (score[j] + score[j + 1]));
            if (!double.IsFinite(logDensity[j + 1]))
            {
                throw new ArgumentException($"The integrated score overflows at node {j + 1} (u = {start + ((j + 1) * step)}): the log-density there is {logDensity[j + 1]}.", nameof(score));
            }

            if (LargestChange(score[j], score[j + 1], step) > MaxChangePerInterval)
            {
                throw new ArgumentException($"The log-density changes by more than {MaxChangePerInterval:G0} between nodes {j} and {j + 1} (scores {score[j]} and {score[j + 1]}): the grid is too coarse to resolve it.", nameof(score));
            }
        }

        return logDensity;
    }

    /// <summary>The mass of an interval of width <paramref name="width"/> from node <paramref name="j"/>, whose log-density there is <paramref name="logAtNode"/>, by Simpson's rule.</summary>
    private double IntervalMass(double logAtNode, int j, double width)
    {
        var middle = Math.Exp(logAtNode + Rise(j, 0.5 * width));
        var end = Math.Exp(logAtNode + Rise(j, width));
        return width / 6 * (Math.Exp(logAtNode) + (4 * middle) + end);
    }

    /// <summary>The integral of the score, linear between nodes, from node <paramref name="j"/> to <paramref name="t"/> beyond it.</summary>
    private double Rise(int j, double t) => t * (_score[j] + ((_score[j + 1] - _score[j]) * t / (2 * _step)));

    private double Node(int j) => _start + (j * _step);

    private int IntervalOf(double u) => Math.Clamp((int)Math.Floor((u - _start) / _step), 0, _score.Length - 2);

    /// <summary>The log-density in the coordinate u at <paramref name="u"/>.</summary>
    internal double DensityLnInU(double u)
    {
        var last = _score.Length - 1;
        if (u < _start)
        {
            return _logLeft + (_leftRate * (u - _start));
        }

        if (u >= Node(last))
        {
            return _logRight - (_rightRate * (u - Node(last)));
        }

        var j = IntervalOf(u);
        return _logBase[j] + Rise(j, u - Node(j));
    }

    private double CumulativeInU(double u)
    {
        var last = _score.Length - 1;
        if (u < _start)
        {
            return Math.Exp(_logLeft + (_leftRate * (u - _start))) / _leftRate;
        }

        if (u >= Node(last))
        {
            return Math.Clamp(1 - (Math.Exp(_logRight - (_rightRate * (u - Node(last)))) / _rightRate), 0, 1);
        }

        var j = IntervalOf(u);
        return Math.Clamp(_cumulative[j] + IntervalMass(_logBase[j], j, u - Node(j)), 0, 1);
    }

    private double InverseInU(double probability)
    {
        var last = _score.Length - 1;
        if (probability <= _cumulative[0])
        {
            return _start + ((Math.Log(probability * _leftRate) - _logLeft) / _leftRate);
        }

        if (probability >= _cumulative[last])
        {
            return Node(last) + ((_logRight - Math.Log((1 - probability) * _rightRate)) / _rightRate);
        }

        // The interval that holds the probability, then Newton's method on the mass within it. The mass is Simpson's
        // rule over [0, t], whose slope is close to the density but not equal to it where the density changes much
        // within the interval (a coarse grid), so the steps converge linearly there: they go on until they stop moving.
        var index = Array.BinarySearch(_cumulative, probability);
        var j = Math.Clamp(index >= 0 ? index : ~index - 1, 0, last - 1);
        var wanted = probability - _cumulative[j];
        var span = _cumulative[j + 1] - _cumulative[j];
        var t = span > 0 ? _step * wanted / span : 0;
        for (var iteration = 0; iteration < MaxNewtonSteps; iteration++)
        {
            var density = Math.Exp(_logBase[j] + Rise(j, t));
            if (!(density > 0))
            {
                break;
            }

            var next = Math.Clamp(t - ((IntervalMass(_logBase[j], j, t) - wanted) / density), 0, _step);
            var moved = Math.Abs(next - t);
            t = next;
            if (moved <= 1e-15 * _step)
            {
                break;
            }
        }

        return Node(j) + t;
    }
}
