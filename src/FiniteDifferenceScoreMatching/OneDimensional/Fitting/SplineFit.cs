using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional.Density;

namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>
/// The spline method of <see cref="ScoreMatchingFit"/>: a cubic-spline score in the sinh-arcsinh coordinate, fitted by
/// finite-difference score matching in closed form, with its roughness penalty chosen by cross-validated
/// log-likelihood.
/// </summary>
internal sealed class SplineFit
{
    /// <summary>The number of cross-validation folds.</summary>
    public const int Folds = 5;

    /// <summary>The most held-out samples per fold whose log-likelihood scores a penalty; enough to tell penalties apart, and a bound on the cost for huge samples.</summary>
    public const int MaxValidationPerFold = 20_000;

    /// <summary>
    /// How many standard errors below the best cross-validated log-likelihood a smoother setting may score and still be
    /// chosen: between the highest likelihood (0), which follows the noise of the held-out points towards rough fits, and
    /// the one-standard-error rule (1), which smooths small samples too much (docs/densities.md compares them).
    /// </summary>
    public const double StandardErrors = 0.5;

    /// <summary>The fewest samples a region needs to be fitted on its own.</summary>
    public const int MinRegionSamples = 32;

    /// <summary>The number of nodes on which the fitted density is integrated.</summary>
    public const int Nodes = 4097;

    /// <summary>
    /// The number of nodes on which the densities of cross-validation are integrated: coarser than <see cref="Nodes"/>,
    /// since they only rank penalties, and four times cheaper.
    /// </summary>
    public const int ValidationNodes = 1025;

    /// <summary>
    /// How many times higher than a valley of the density both neighbouring peaks must be for the valley to bound a
    /// region whose mass is its share of the samples; cross-validation decides whether to cut there at all.
    /// </summary>
    public const double ValleyRatio = 1.5;

    private SplineFit(IScoreModel model, ScoreDensity density, double delta, IReadOnlyList<SmoothingCandidate> candidates, int chosen, double foldDisagreement)
    {
        Model = model;
        Density = density;
        Delta = delta;
        Candidates = candidates;
        Chosen = chosen;
        FoldDisagreement = foldDisagreement;
    }

    /// <summary>Gets the fitted model, which the caller owns: a <see cref="SplineScoreModel"/>, or the mixture of one per region.</summary>
    public IScoreModel Model { get; }

    /// <summary>Gets the density of the fitted score.</summary>
    public ScoreDensity Density { get; }

    /// <summary>Gets the finite-difference step in u.</summary>
    public double Delta { get; }

    /// <summary>Gets a value indicating whether each region was fitted on its own samples, the density their mixture.</summary>
    public bool ByRegion { get; private init; }

    /// <summary>Gets every penalty tried on all the samples, with its cross-validated log-likelihood.</summary>
    public IReadOnlyList<SmoothingCandidate> Candidates { get; }

    /// <summary>Gets the index of the penalty chosen.</summary>
    public int Chosen { get; }

    /// <summary>
    /// Gets the mean L1 distance between the densities fitted, with the chosen setting, to the training sets of pairs of
    /// folds: how much the answer moves when a fifth of the samples is swapped for another, a measure of its sampling
    /// error. For a mixture of regions, the regions' disagreements weighted by their shares.
    /// </summary>
    public double FoldDisagreement { get; }

    /// <summary>The default number of knots for <paramref name="sampleCount"/> samples: 4 N^(1/3), between 10 and 120.</summary>
    public static int DefaultKnots(int sampleCount) => (int)Math.Clamp(Math.Round(4 * Math.Cbrt(sampleCount)), 10, 120);

    /// <summary>The relative penalties tried: half-decades from 1e−6 to 1e6.</summary>
    public static IReadOnlyList<double> Penalties { get; } = Enumerable.Range(0, 25).Select(i => Math.Pow(10, -6 + (0.5 * i))).ToArray();

    /// <summary>
    /// Fits all the samples (see <see cref="RunWhole"/>); then, when that fit cut the line into regions, each of at
    /// least <see cref="MinRegionSamples"/> samples, fits each region's samples on their own, with their own coordinate,
    /// knots and penalty, and keeps the mixture of those fits, weighted by the regions' shares, when its
    /// cross-validated log-likelihood is the higher.
    /// </summary>
    /// <remarks>
    /// The weights are the regions' shares as <see cref="DensityRegion.Mass"/> gives them, wₖ = (nₖ + ½) / (N + K/2).
    /// The mixture's cross-validated log-likelihood is taken as Σₖ (nₖ/N) (log wₖ + ℓₖ), with ℓₖ that of region k's own
    /// fit on its held-out samples: each held-out point counted under its own region's component alone, which
    /// underestimates the mixture's density, so that the comparison leans towards the single fit.
    /// </remarks>
    public static SplineFit Run(IReadOnlyList<double> samples, FitOptions options, CancellationToken cancellationToken)
    {
        var whole = RunWhole(samples, options, cancellationToken);
        var regions = whole.Density.Regions;
        if (regions.Count < 2)
        {
            return whole;
        }

        var groups = regions.Select(r => samples.Where(x => x >= r.Lower && x < r.Upper).ToArray()).ToArray();
        if (groups.Any(g => g.Length < MinRegionSamples || g.Min() == g.Max()))
        {
            return whole;
        }

        var parts = new List<SplineFit>();
        try
        {
            var mixtureLikelihood = 0.0;
            var disagreement = 0.0;
            var mixtureRegions = new DensityRegion[groups.Length];
            for (var k = 0; k < groups.Length; k++)
            {
                var part = RunWhole(groups[k], options, cancellationToken);
                parts.Add(part);
                var share = (groups[k].Length + 0.5) / (samples.Count + (0.5 * groups.Length));
                mixtureLikelihood += (double)groups[k].Length / samples.Count * (Math.Log(share) + part.Candidates[part.Chosen].MeanLogLikelihood);
                disagreement += share * part.FoldDisagreement;
                mixtureRegions[k] = new DensityRegion(regions[k].Lower, regions[k].Upper, groups[k].Length, regions[k].ScoreMass, share);
            }

            if (!(mixtureLikelihood > whole.Candidates[whole.Chosen].MeanLogLikelihood))
            {
                return whole;
            }

            var density = ScoreDensity.Mixture(parts.Select(p => p.Density).ToArray(), mixtureRegions);
            var model = new MixtureScoreModel(parts.Select(p => p.Model).ToArray(), density);
            parts.Clear();
            whole.Model.Dispose();
            return new SplineFit(model, density, whole.Delta, whole.Candidates, whole.Chosen, disagreement) { ByRegion = true };
        }
        catch
        {
            whole.Model.Dispose();
            throw;
        }
        finally
        {
            parts.ForEach(p => p.Model.Dispose());
        }
    }

    /// <summary>
    /// Fits the samples in the sinh-arcsinh and in the affine coordinate, and keeps the fit whose best penalty has the
    /// higher cross-validated log-likelihood (in x, so that the two compare).
    /// </summary>
    private static SplineFit RunWhole(IReadOnlyList<double> samples, FitOptions options, CancellationToken cancellationToken)
    {
        var standardization = Standardization.Of(samples);
        SplineFit? best = null;
        foreach (var isAsinh in (bool[])[true, false])
        {
            var fit = RunIn(new CoordinateMap(standardization.Center, standardization.Scale, isAsinh), samples, options, cancellationToken);
            if (best is null || fit.Candidates[fit.Chosen].MeanLogLikelihood > best.Candidates[best.Chosen].MeanLogLikelihood)
            {
                best?.Model.Dispose();
                best = fit;
            }
            else
            {
                fit.Model.Dispose();
            }
        }

        return best!;
    }

    private static SplineFit RunIn(CoordinateMap map, IReadOnlyList<double> samples, FitOptions options, CancellationToken cancellationToken)
    {
        var count = samples.Count;
        var u = new double[count];
        for (var i = 0; i < count; i++)
        {
            u[i] = map.ToU(samples[i]);
        }

        var sortedU = (double[])u.Clone();
        Array.Sort(sortedU);
        var basis = new CubicBSplineBasis(SplineScoreMatching.QuantileKnots(sortedU, options.SplineKnots ?? DefaultKnots(count)));
        var delta = SplineScoreMatching.Delta(basis);
        var n = basis.Count;
        var step = (basis.Upper - basis.Lower) / (ValidationNodes - 1);

        // One pass: every fold's sums of the normal equations, its samples' counts below each node, and its held-out points.
        var fold = new byte[count];
        var random = SeedSequence.Random(options.Seed, -2);
        var foldA = new double[Folds][];
        var foldB = new double[Folds][];
        var foldCount = new int[Folds];
        var validation = new List<double>[Folds];
        for (var f = 0; f < Folds; f++)
        {
            (foldA[f], foldB[f], validation[f]) = (new double[n * n], new double[n], []);
        }

        for (var i = 0; i < count; i++)
        {
            var f = random.Next(Folds);
            fold[i] = (byte)f;
            foldCount[f]++;
            SplineScoreMatching.Accumulate(basis, u[i], delta, foldA[f], foldB[f]);
            if (validation[f].Count < MaxValidationPerFold)
            {
                validation[f].Add(samples[i]);
            }
        }

        var totalA = new double[n * n];
        var totalB = new double[n];
        for (var f = 0; f < Folds; f++)
        {
            Add(totalA, foldA[f], 1);
            Add(totalB, foldB[f], 1);
        }

        var gaps = options.MixingProportions ? EmptyGap.Find(samples, options.EmptyGapWidth).Select(g => (g.Lower, g.Upper)).ToArray() : [];
        double[] valleyRatios = options.MixingProportions ? [double.PositiveInfinity, ValleyRatio] : [double.PositiveInfinity];
        var allBelow = options.MixingProportions ? GridDensity.CountBelowNodes(u, basis.Lower, step, ValidationNodes) : null;
        var penalty = SplineScoreMatching.CurvaturePenalty(basis);

        // Cross-validation: each penalty, with and without cuts at valleys, is scored by the mean log-likelihood of
        // every fold's held-out points under the density fitted to the other folds.
        var trainA = new double[n * n];
        var trainB = new double[n];
        var foldBelow = new int[Folds][];
        for (var f = 0; f < Folds && allBelow is not null; f++)
        {
            var own = f;
            foldBelow[f] = GridDensity.CountBelowNodes(u.Where((_, i) => fold[i] == own), basis.Lower, step, ValidationNodes);
        }

        // The score fitted to every fold but f, at the validation nodes.
        double[]? TrainingScore(int f, double relative)
        {
            Array.Copy(totalA, trainA, trainA.Length);
            Array.Copy(totalB, trainB, trainB.Length);
            Add(trainA, foldA[f], -1);
            Add(trainB, foldB[f], -1);
            return ScoreAtNodes(basis, SplineScoreMatching.Solve(trainA, trainB, count - foldCount[f], penalty, relative), ValidationNodes);
        }

        var candidates = new List<SmoothingCandidate>();
        var sums = new double[valleyRatios.Length];
        var validationCount = validation.Sum(v => v.Count);
        var pointwise = new List<float[]>();
        foreach (var relative in Penalties)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(sums);
            var points = 0;
            var rows = valleyRatios.Select(_ => new float[validationCount]).ToArray();
            for (var f = 0; f < Folds; f++)
            {
                if (foldCount[f] == 0 || foldCount[f] == count)
                {
                    continue;
                }

                var below = allBelow is null ? null : Subtract(allBelow, foldBelow[f]);
                var score = TrainingScore(f, relative);
                for (var v = 0; v < valleyRatios.Length; v++)
                {
                    var density = TryDensity(map, basis.Lower, step, score, gaps, below, count - foldCount[f], valleyRatios[v]);
                    for (var i = 0; i < validation[f].Count; i++)
                    {
                        var logLikelihood = density?.DensityLn(validation[f][i]) ?? double.NegativeInfinity;
                        sums[v] += logLikelihood;
                        rows[v][points + i] = (float)logLikelihood;
                    }
                }

                points += validation[f].Count;
            }

            for (var v = 0; v < valleyRatios.Length; v++)
            {
                candidates.Add(new SmoothingCandidate(relative, double.IsFinite(valleyRatios[v]), points > 0 ? sums[v] / points : double.NaN));
                pointwise.Add(rows[v]);
            }
        }

        var chosen = WithinStandardErrors(candidates, pointwise);

        var coefficients = SplineScoreMatching.Solve(totalA, totalB, count, penalty, candidates[chosen].RelativePenalty);
        var valleyRatio = candidates[chosen].CutsAtValleys ? ValleyRatio : double.PositiveInfinity;

        // The folds' own densities with the chosen setting, for how much they disagree.
        var foldDensities = new List<ScoreDensity>();
        for (var f = 0; f < Folds; f++)
        {
            if (foldCount[f] == 0 || foldCount[f] == count)
            {
                continue;
            }

            var score = TrainingScore(f, candidates[chosen].RelativePenalty);
            var below = allBelow is null ? null : Subtract(allBelow, foldBelow[f]);
            if (TryDensity(map, basis.Lower, step, score, gaps, below, count - foldCount[f], valleyRatio) is { } density)
            {
                foldDensities.Add(density);
            }
        }

        var finalStep = (basis.Upper - basis.Lower) / (Nodes - 1);
        var finalBelow = options.MixingProportions ? GridDensity.CountBelowNodes(u, basis.Lower, finalStep, Nodes) : null;
        var final = TryDensity(map, basis.Lower, finalStep, ScoreAtNodes(basis, coefficients, Nodes), gaps, finalBelow, count, valleyRatio)
            ?? throw new InvalidOperationException("The fitted score cannot be integrated into a density: its integral overflows.");
        var model = new SplineScoreModel(basis.Knots, coefficients, map.Center, map.Scale, map.IsAsinh);
        return new SplineFit(model, final, delta, candidates, chosen, MeanDistance(foldDensities, map, basis.Lower, step));
    }

    /// <summary>
    /// The smoothest candidate whose cross-validated log-likelihood is within <see cref="StandardErrors"/> standard
    /// errors of the best's, the error that of the mean of their pointwise differences on the same held-out points: the
    /// choice by the highest log-likelihood alone follows the noise of the held-out sample towards rough fits.
    /// </summary>
    private static int WithinStandardErrors(List<SmoothingCandidate> candidates, List<float[]> pointwise)
    {
        var best = 0;
        for (var c = 1; c < candidates.Count; c++)
        {
            best = candidates[c].MeanLogLikelihood > candidates[best].MeanLogLikelihood || double.IsNaN(candidates[best].MeanLogLikelihood) ? c : best;
        }

        var chosen = best;
        for (var c = 0; c < candidates.Count; c++)
        {
            if (candidates[c].RelativePenalty < candidates[chosen].RelativePenalty || !double.IsFinite(candidates[c].MeanLogLikelihood) || c == best)
            {
                continue;
            }

            // Mean and standard error of the pointwise differences, best minus candidate.
            var (a, b) = (pointwise[best], pointwise[c]);
            var (sum, squares) = (0.0, 0.0);
            for (var i = 0; i < a.Length; i++)
            {
                var difference = (double)a[i] - b[i];
                sum += difference;
                squares += difference * difference;
            }

            var mean = sum / a.Length;
            var error = Math.Sqrt(Math.Max(0, (squares / a.Length) - (mean * mean)) / a.Length);
            var smoother = candidates[c].RelativePenalty > candidates[chosen].RelativePenalty || candidates[c].MeanLogLikelihood > candidates[chosen].MeanLogLikelihood;
            chosen = mean <= StandardErrors * error && smoother ? c : chosen;
        }

        return chosen;
    }

    /// <summary>
    /// The mean L1 distance between pairs of <paramref name="densities"/>, by the trapezoid rule in u on the
    /// <see cref="ValidationNodes"/> nodes from <paramref name="start"/> (the span of the samples; L1 distance does not
    /// change with the coordinate); NaN for fewer than two.
    /// </summary>
    private static double MeanDistance(List<ScoreDensity> densities, CoordinateMap map, double start, double step)
    {
        var inU = densities.Select(d => new double[ValidationNodes]).ToArray();
        for (var j = 0; j < ValidationNodes; j++)
        {
            var x = map.ToX(start + (j * step));
            var logDerivative = map.LogDerivative(x);
            for (var k = 0; k < densities.Count; k++)
            {
                inU[k][j] = Math.Exp(densities[k].DensityLn(x) - logDerivative);
            }
        }

        var (sum, pairs) = (0.0, 0);
        for (var a = 0; a < inU.Length; a++)
        {
            for (var b = a + 1; b < inU.Length; b++)
            {
                var distance = 0.0;
                for (var j = 0; j < ValidationNodes; j++)
                {
                    distance += (j == 0 || j == ValidationNodes - 1 ? 0.5 : 1) * Math.Abs(inU[a][j] - inU[b][j]);
                }

                sum += distance * step;
                pairs++;
            }
        }

        return pairs > 0 ? sum / pairs : double.NaN;
    }

    /// <summary>The spline's score at <paramref name="count"/> evenly spaced nodes across its knots; null when a value is not finite.</summary>
    private static double[]? ScoreAtNodes(CubicBSplineBasis basis, double[] coefficients, int count)
    {
        var step = (basis.Upper - basis.Lower) / (count - 1);
        var score = new double[count];
        for (var j = 0; j < count; j++)
        {
            score[j] = basis.Spline(coefficients, basis.Lower + (j * step));
            if (!double.IsFinite(score[j]))
            {
                return null;
            }
        }

        return score;
    }

    private static ScoreDensity? TryDensity(CoordinateMap map, double start, double step, double[]? score, IReadOnlyList<(double, double)> gaps, int[]? below, int sampleCount, double valleyRatio)
    {
        if (score is null)
        {
            return null;
        }

        try
        {
            return ScoreDensity.Create(map, start, step, score, gaps, below, sampleCount, valleyRatio);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static void Add(double[] target, double[] source, double sign)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += sign * source[i];
        }
    }

    private static int[] Subtract(int[] all, int[] part)
    {
        var result = new int[all.Length];
        for (var i = 0; i < all.Length; i++)
        {
            result[i] = all[i] - part[i];
        }

        return result;
    }
}
