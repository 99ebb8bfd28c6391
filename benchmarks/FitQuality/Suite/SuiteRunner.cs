using System.Diagnostics;
using System.Globalization;

namespace FitQuality.Suite;

/// <summary>The <c>--suite</c> mode: every estimator on sample sets of every distribution, then the report.</summary>
internal static class SuiteRunner
{
    /// <summary>The number of fresh samples of the truth the held-out log-likelihood averages over.</summary>
    public const int TestPointCount = 10_000;

    /// <summary>Runs the suite.</summary>
    /// <param name="args">The arguments after <c>--suite</c>.</param>
    /// <returns>The exit code: 0 when the run finished (failures of single fits are part of the report), 2 for bad arguments, 1 for failed checks.</returns>
    public static int Run(string[] args)
    {
        SuiteOptions options;
        try
        {
            options = SuiteOptions.Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(SuiteOptions.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(SuiteOptions.Usage);
            return 0;
        }

        if (options.Check)
        {
            return SelfCheck.Run(Console.Out);
        }

        if (options.FiguresDirectory is { } figures)
        {
            foreach (var path in SuiteFigures.Write(options.Distributions, options.Sizes.Max(), figures))
            {
                Console.WriteLine(path);
            }

            return 0;
        }

        var estimators = options.Estimators.Select(EstimatorCatalog.Create).ToList();
        WarmUp(estimators);

        var watch = Stopwatch.StartNew();
        var rows = new List<SuiteRow>();
        var largest = options.Sizes.Max();
        foreach (var distribution in options.Distributions)
        {
            var grid = new ProbabilityGrid(distribution.Distribution);
            for (var set = 0; set < options.Sets; set++)
            {
                var testPoints = distribution.Draw(distribution.TestSeed(set), TestPointCount);
                var truthLogLikelihood = SuiteMetrics.MeanLogLikelihood(testPoints, distribution.Distribution);

                // Every size draws from the same seed, so a smaller sample set is the start of a larger one.
                var samples = distribution.Draw(distribution.SampleSeed(set), largest);
                foreach (var size in options.Sizes)
                {
                    foreach (var estimator in estimators)
                    {
                        rows.Add(Evaluate(estimator, distribution, set, samples[..size], grid, testPoints, truthLogLikelihood));
                    }
                }
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{distribution.Name}: done after {watch.Elapsed.TotalSeconds:F1} s"));
        }

        var markdown = SuiteReport.Markdown(options, rows, watch.Elapsed);
        Console.Write(markdown);
        Directory.CreateDirectory(options.OutputDirectory);
        File.WriteAllText(Path.Combine(options.OutputDirectory, "suite.md"), markdown);
        File.WriteAllText(Path.Combine(options.OutputDirectory, "suite.csv"), SuiteCsv.Write(rows));
        Console.Error.WriteLine($"Wrote {Path.Combine(options.OutputDirectory, "suite.md")} and suite.csv beside it.");
        return 0;
    }

    /// <summary>Fits and measures one estimator on one sample set; an exception becomes a failed row.</summary>
    /// <param name="estimator">The estimator.</param>
    /// <param name="distribution">The true distribution.</param>
    /// <param name="set">The index of the sample set.</param>
    /// <param name="samples">The samples.</param>
    /// <param name="grid">The truth's nodes for the L1 distance.</param>
    /// <param name="testPoints">The held-out points.</param>
    /// <param name="truthLogLikelihood">The truth's mean log-density at them.</param>
    /// <returns>The row.</returns>
    internal static SuiteRow Evaluate(
        IDensityEstimator estimator,
        SuiteDistribution distribution,
        int set,
        double[] samples,
        ProbabilityGrid grid,
        double[] testPoints,
        double truthLogLikelihood)
    {
        var watch = Stopwatch.StartNew();
        IFittedDensity? fitted = null;
        try
        {
            fitted = estimator.Fit(samples, set);
            var seconds = watch.Elapsed.TotalSeconds;
            return new SuiteRow
            {
                Distribution = distribution.Name,
                Part = distribution.Part,
                SampleCount = samples.Length,
                SampleSet = set,
                Estimator = estimator.Name,
                L1 = SuiteMetrics.L1Distance(grid, fitted),
                LogLikelihood = SuiteMetrics.MeanLogLikelihood(testPoints, fitted),
                TruthLogLikelihood = truthLogLikelihood,
                Seconds = seconds,
                Warnings = fitted.Warnings,
                Details = fitted.Details,
            };
        }
        catch (Exception e)
        {
            // One estimator failing on one sample set is a result to report, whatever the exception.
            return new SuiteRow
            {
                Distribution = distribution.Name,
                Part = distribution.Part,
                SampleCount = samples.Length,
                SampleSet = set,
                Estimator = estimator.Name,
                TruthLogLikelihood = truthLogLikelihood,
                Seconds = watch.Elapsed.TotalSeconds,
                Error = $"{e.GetType().Name}: {e.Message}",
            };
        }
        finally
        {
            fitted?.Dispose();
        }
    }

    /// <summary>One untimed fit of each estimator on 256 normal samples: the JIT, and the native library's first calls.</summary>
    private static void WarmUp(IEnumerable<IDensityEstimator> estimators)
    {
        var samples = DistributionSuite.All.Single(d => d.Name == "normal").Draw(12345, 256);
        foreach (var estimator in estimators)
        {
            try
            {
                using var fitted = estimator.Fit(samples, 0);
                _ = fitted.DensityLn(0);
            }
            catch (Exception)
            {
                // A failure here shows again, and is reported, in the timed run.
            }
        }
    }
}
