using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace FitQuality.Suite;

/// <summary>The markdown report of a suite run: a table per sample size, the fit against the cross-validated kernel estimate, times and notes.</summary>
internal static class SuiteReport
{
    /// <summary>A fit whose median L1 exceeds the reference's times this, plus <see cref="ExceedMargin"/>, counts as clearly worse.</summary>
    private const double ExceedFactor = 1.5;

    /// <summary>See <see cref="ExceedFactor"/>.</summary>
    private const double ExceedMargin = 0.03;

    /// <summary>A median held-out log-likelihood this far below the reference's counts as worse.</summary>
    private const double LogLikelihoodMargin = 0.02;

    /// <summary>A fit with L1 at least this (and at least <see cref="BadlyWrongFactor"/> times the reference's on the same sample set) is badly wrong.</summary>
    private const double BadlyWrongFloor = 0.2;

    /// <summary>See <see cref="BadlyWrongFloor"/>.</summary>
    private const double BadlyWrongFactor = 2;

    /// <summary>The sizes between which the fit's median L1 should fall.</summary>
    private static readonly (int Smaller, int Larger) _fallSizes = (1024, 8192);

    private static readonly (string Name, SuitePart? Part)[] _parts = [("tuning", SuitePart.Tuning), ("held-out", SuitePart.HeldOut), ("whole suite", null)];

    /// <summary>Writes the report.</summary>
    /// <param name="options">What the run covered.</param>
    /// <param name="rows">Every row of the run.</param>
    /// <param name="elapsed">The wall-clock time of the run.</param>
    /// <returns>The markdown.</returns>
    public static string Markdown(SuiteOptions options, IReadOnlyList<SuiteRow> rows, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        var estimators = options.Estimators;
        var distributions = options.Distributions;
        var tuning = distributions.Count(d => d.Part == SuitePart.Tuning);
        Line(text, $"# Density-estimation suite");
        Line(text);
        Line(text, $"{distributions.Count} distributions ({tuning} tuning, {distributions.Count - tuning} held-out), N = {string.Join(", ", options.Sizes.Select(Count))}, {options.Sets} sample sets each; estimators {string.Join(", ", estimators)}.");
        Line(text, $"L1 = ∫ |p̂ − p| dx over the real line, as 2 ∫₀¹ (1 − p̂/p)₊ du at {ProbabilityGrid.DefaultCount:N0} midpoints of the probability scale mapped through the true quantile. LL = mean log p̂ at {SuiteRunner.TestPointCount:N0} fresh samples of the truth, the same for every estimator and size of a sample set; truth LL is the truth's own (minus its entropy). Cells are medians over the sample sets.");
        Line(text, $"A few test points far beyond the samples can dominate a mean LL: a Gaussian kernel estimate's log-density falls as −d²/2h² at distance d, so on heavy tails (cauchy, student-t3) its LL runs to large negative values.");
        Line(text, $"Sample set k of the distribution with id i is drawn with new Random(1000 k + i) (a smaller N is the start of a larger one), its test points with new Random(1000 k + 500 + i).");
        Line(text, $"{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; the run took {elapsed.TotalSeconds:F1} s.");

        var compared = estimators.Contains(EstimatorCatalog.Candidate) && estimators.Contains(EstimatorCatalog.Reference);
        foreach (var size in options.Sizes)
        {
            SizeTable(text, rows, distributions, estimators, size, compared);
        }

        if (compared)
        {
            Summary(text, rows, options);
        }

        TimeTable(text, rows, estimators, options.Sizes);
        Notes(text, rows);
        return text.ToString();
    }

    private static void SizeTable(StringBuilder text, IReadOnlyList<SuiteRow> rows, IReadOnlyList<SuiteDistribution> distributions, IReadOnlyList<string> estimators, int size, bool compared)
    {
        Line(text);
        Line(text, $"## N = {Count(size)}");
        Line(text);
        if (compared)
        {
            Line(text, $"Bold: the fit's median L1 is at most lcv's, or its median LL at least lcv's.");
            Line(text);
        }

        var header = new StringBuilder("| distribution | part | truth LL |");
        var rule = new StringBuilder("| --- | --- | ---: |");
        foreach (var estimator in estimators)
        {
            header.Append(CultureInfo.InvariantCulture, $" {estimator} L1 | {estimator} LL |");
            rule.Append(" ---: | ---: |");
        }

        text.Append(header).Append('\n').Append(rule).Append('\n');
        foreach (var distribution in distributions)
        {
            var cells = rows.Where(r => r.Distribution == distribution.Name && r.SampleCount == size).ToList();
            if (cells.Count == 0)
            {
                continue;
            }

            var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"| {distribution.Name} | {PartName(distribution.Part)} | {Number(Median(cells.Select(r => r.TruthLogLikelihood)))} |"));
            var reference = Cell(cells, EstimatorCatalog.Reference);
            foreach (var estimator in estimators)
            {
                var cell = Cell(cells, estimator);
                var bold = compared && estimator == EstimatorCatalog.Candidate;
                var failed = cell.Failures > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({cell.Failures} failed)") : "";
                line.Append(CultureInfo.InvariantCulture, $" {Mark(Number(cell.L1), bold && cell.L1 <= reference.L1)}{failed} | {Mark(Number(cell.LogLikelihood), bold && cell.LogLikelihood >= reference.LogLikelihood)} |");
            }

            text.Append(line).Append('\n');
        }
    }

    private static void Summary(StringBuilder text, IReadOnlyList<SuiteRow> rows, SuiteOptions options)
    {
        var fit = EstimatorCatalog.Candidate;
        var lcv = EstimatorCatalog.Reference;
        Line(text);
        Line(text, $"## {fit} against {lcv}");
        Line(text);
        Line(text, $"Per sample size and part, on how many distributions the fit's median L1 is at most lcv's; on how many it exceeds {ExceedFactor} × lcv's + {ExceedMargin}; on how many the fit's median LL falls below lcv's − {LogLikelihoodMargin}. A distribution whose fits all failed counts against the fit.");
        Line(text);
        foreach (var size in options.Sizes)
        {
            foreach (var (partName, part) in _parts)
            {
                var names = Names(options.Distributions, part);
                if (names.Count == 0)
                {
                    continue;
                }

                var cells = names.Select(name =>
                {
                    var cellRows = rows.Where(r => r.Distribution == name && r.SampleCount == size).ToList();
                    return (Name: name, Fit: Cell(cellRows, fit), Reference: Cell(cellRows, lcv));
                }).ToList();
                var atMost = cells.Where(c => c.Fit.L1 <= c.Reference.L1).Select(c => c.Name).ToList();
                var exceeds = cells.Where(c => double.IsNaN(c.Fit.L1) || c.Fit.L1 > (ExceedFactor * c.Reference.L1) + ExceedMargin).Select(c => c.Name).ToList();
                var below = cells.Where(c => double.IsNaN(c.Fit.LogLikelihood) || c.Fit.LogLikelihood < c.Reference.LogLikelihood - LogLikelihoodMargin).Select(c => c.Name).ToList();
                Line(text, $"- N = {Count(size)}, {partName} ({names.Count}): L1 at most lcv's on {atMost.Count} of {names.Count}; above {ExceedFactor} × lcv's + {ExceedMargin} on {exceeds.Count}{List(exceeds)}; LL below lcv's − {LogLikelihoodMargin} on {below.Count}{List(below)}.");
            }
        }

        Falls(text, rows, options);
        Calibration(text, rows, options);
    }

    /// <summary>Whether the fit's median L1 falls from the smaller to the larger size on every distribution.</summary>
    private static void Falls(StringBuilder text, IReadOnlyList<SuiteRow> rows, SuiteOptions options)
    {
        var sizes = options.Sizes;
        var (smaller, larger) = sizes.Contains(_fallSizes.Smaller) && sizes.Contains(_fallSizes.Larger)
            ? _fallSizes
            : sizes.Count >= 2 ? (sizes[^2], sizes[^1]) : (0, 0);
        if (smaller == 0)
        {
            return;
        }

        Line(text);
        Line(text, $"Does the fit's median L1 fall from N = {Count(smaller)} to N = {Count(larger)}?");
        Line(text);
        foreach (var (partName, part) in _parts)
        {
            var names = Names(options.Distributions, part);
            if (names.Count == 0)
            {
                continue;
            }

            var notFalling = new List<string>();
            foreach (var name in names)
            {
                var before = Cell(rows.Where(r => r.Distribution == name && r.SampleCount == smaller).ToList(), EstimatorCatalog.Candidate).L1;
                var after = Cell(rows.Where(r => r.Distribution == name && r.SampleCount == larger).ToList(), EstimatorCatalog.Candidate).L1;
                if (!(after < before))
                {
                    notFalling.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {Number(before)} → {Number(after)}"));
                }
            }

            var verdict = notFalling.Count == 0 ? "yes, on every distribution" : $"no: it falls on {names.Count - notFalling.Count} of {names.Count}, not on {string.Join(", ", notFalling)}";
            Line(text, $"- {partName} ({names.Count}): {verdict}.");
        }
    }

    /// <summary>How often badly wrong fits, and good ones, carry a warning.</summary>
    private static void Calibration(StringBuilder text, IReadOnlyList<SuiteRow> rows, SuiteOptions options)
    {
        Line(text);
        Line(text, $"Warning calibration: a fit is badly wrong when its L1 ≥ max({BadlyWrongFloor}, {BadlyWrongFactor} × lcv's L1 on the same sample set), good otherwise. Sample sets where either failed are left out.");
        Line(text);
        Line(text, $"| part | N | badly wrong | with a warning | share | good | with a warning | share |");
        Line(text, $"| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var references = rows
            .Where(r => r.Estimator == EstimatorCatalog.Reference && !r.Failed)
            .ToDictionary(r => (r.Distribution, r.SampleCount, r.SampleSet));
        foreach (var (partName, part) in _parts)
        {
            var names = Names(options.Distributions, part).ToHashSet();
            if (names.Count == 0)
            {
                continue;
            }

            foreach (var size in options.Sizes.Select(s => (int?)s).Append(null))
            {
                var fits = rows.Where(r => r.Estimator == EstimatorCatalog.Candidate && !r.Failed && names.Contains(r.Distribution) && (size is null || r.SampleCount == size));
                var pairs = fits
                    .Where(r => references.ContainsKey((r.Distribution, r.SampleCount, r.SampleSet)))
                    .Select(r => (Fit: r, Bad: r.L1 >= Math.Max(BadlyWrongFloor, BadlyWrongFactor * references[(r.Distribution, r.SampleCount, r.SampleSet)].L1)))
                    .ToList();
                var bad = pairs.Where(p => p.Bad).ToList();
                var good = pairs.Where(p => !p.Bad).ToList();
                var badWarned = bad.Count(p => p.Fit.Warned);
                var goodWarned = good.Count(p => p.Fit.Warned);
                Line(text, $"| {partName} | {(size is int n ? Count(n) : "all")} | {bad.Count} | {badWarned} | {Share(badWarned, bad.Count)} | {good.Count} | {goodWarned} | {Share(goodWarned, good.Count)} |");
            }
        }
    }

    private static void TimeTable(StringBuilder text, IReadOnlyList<SuiteRow> rows, IReadOnlyList<string> estimators, IReadOnlyList<int> sizes)
    {
        Line(text);
        Line(text, $"## Median fit time (s)");
        Line(text);
        Line(text, $"For a kernel estimate: sorting and choosing the bandwidth; evaluation not included. Over every distribution and sample set.");
        Line(text);
        Line(text, $"| estimator |{string.Concat(sizes.Select(n => $" N = {Count(n)} |"))}");
        Line(text, $"| --- |{string.Concat(sizes.Select(_ => " ---: |"))}");
        foreach (var estimator in estimators)
        {
            var cells = sizes.Select(n => Median(rows.Where(r => r.Estimator == estimator && r.SampleCount == n && !r.Failed).Select(r => r.Seconds)));
            Line(text, $"| {estimator} |{string.Concat(cells.Select(s => string.Create(CultureInfo.InvariantCulture, $" {Seconds(s)} |")))}");
        }
    }

    private static void Notes(StringBuilder text, IReadOnlyList<SuiteRow> rows)
    {
        Line(text);
        Line(text, $"## Notes");
        Line(text);
        WarningNote(text, rows, "isj", "isj-fallback", "isj found its fixed point on every sample set", "isj fell back to Silverman's rule (no root of the fixed-point equation in [0, 0.1])");
        WarningNote(text, rows, "lcv", "lcv-edge", "lcv's optimum lay inside its bandwidth grid on every sample set", "lcv's optimum lay at the edge of its bandwidth grid (Silverman's h / 20 to 5 × Silverman's h)");

        var fits = rows.Where(r => r.Estimator == EstimatorCatalog.Candidate && !r.Failed).ToList();
        if (fits.Count > 0)
        {
            var kinds = fits
                .SelectMany(r => r.Warnings.Select(w => w.Split(':')[0]).Distinct())
                .GroupBy(kind => kind)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} on {g.Count()}"))
                .ToList();
            Line(text, $"- Fit warnings, of {fits.Count} fits: {(kinds.Count == 0 ? "none" : string.Join("; ", kinds))}.");
        }

        var failures = rows.Where(r => r.Failed).ToList();
        if (failures.Count == 0)
        {
            Line(text, $"- No estimator failed.");
            return;
        }

        Line(text, $"- {failures.Count} failed fits ({string.Join(", ", failures.GroupBy(r => r.Estimator).Select(g => $"{g.Key}: {g.Count()}"))}); the first of them:");
        foreach (var failure in failures.Take(20))
        {
            var message = failure.Error!.Length > 300 ? failure.Error[..300] + "…" : failure.Error;
            Line(text, $"  - {failure.Estimator} on {failure.Distribution}, N = {Count(failure.SampleCount)}, set {failure.SampleSet}: {message.ReplaceLineEndings(" ")}");
        }
    }

    private static void WarningNote(StringBuilder text, IReadOnlyList<SuiteRow> rows, string estimator, string kind, string none, string some)
    {
        var fitted = rows.Where(r => r.Estimator == estimator && !r.Failed).ToList();
        if (fitted.Count == 0)
        {
            return;
        }

        var hits = fitted.Where(r => r.Warnings.Any(w => w.StartsWith(kind + ":", StringComparison.Ordinal))).ToList();
        if (hits.Count == 0)
        {
            Line(text, $"- {none}.");
            return;
        }

        var where = hits.Take(30).Select(r => $"{r.Distribution} N = {Count(r.SampleCount)} set {r.SampleSet}");
        Line(text, $"- {some} on {hits.Count} of {fitted.Count} sample sets: {string.Join("; ", where)}{(hits.Count > 30 ? "; …" : "")}.");
    }

    /// <summary>The medians of one estimator's rows in a cell of the table, and how many of them failed.</summary>
    private static (double L1, double LogLikelihood, int Failures) Cell(List<SuiteRow> rows, string estimator)
    {
        var mine = rows.Where(r => r.Estimator == estimator).ToList();
        var succeeded = mine.Where(r => !r.Failed).ToList();
        return (Median(succeeded.Select(r => r.L1)), Median(succeeded.Select(r => r.LogLikelihood)), mine.Count - succeeded.Count);
    }

    private static List<string> Names(IReadOnlyList<SuiteDistribution> distributions, SuitePart? part) =>
        distributions.Where(d => part is null || d.Part == part).Select(d => d.Name).ToList();

    /// <summary>The median; NaN for no values.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
    }

    private static string PartName(SuitePart part) => part == SuitePart.Tuning ? "tuning" : "held-out";

    private static string Number(double value) => value switch
    {
        double.NaN => "—",
        double.NegativeInfinity => "−∞",
        double.PositiveInfinity => "∞",
        _ when Math.Abs(value) >= 1e4 => value.ToString("0.00e0", CultureInfo.InvariantCulture),
        _ => value.ToString("F3", CultureInfo.InvariantCulture),
    };

    private static string Seconds(double value) => double.IsNaN(value) ? "—" : value.ToString(value < 0.01 ? "F4" : "F3", CultureInfo.InvariantCulture);

    private static string Mark(string cell, bool bold) => bold ? $"**{cell}**" : cell;

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Share(int part, int whole) => whole == 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:F0}%");

    private static string List(List<string> names) => names.Count == 0 ? "" : $" ({string.Join(", ", names)})";

    private static void Line(StringBuilder text, FormattableString? line = null) =>
        text.Append(line is null ? "" : line.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
