using System.Globalization;

namespace FitQuality.Suite;

/// <summary>
/// Likelihood cross-validation: the bandwidth that maximises the leave-one-out log-likelihood
/// (1/N) Σᵢ log p̂₋ᵢ(sᵢ), searched on 40 log-spaced values from Silverman's h / 20 to 5 × Silverman's h and refined by
/// golden-section search between the neighbours of the best.
/// </summary>
internal sealed class LikelihoodCrossValidation : IBandwidthSelector
{
    /// <summary>The number of bandwidths on the search grid.</summary>
    private const int GridSize = 40;

    /// <summary>The smallest bandwidth of the grid, as a multiple of Silverman's.</summary>
    private const double LowestFactor = 1.0 / 20;

    /// <summary>The largest bandwidth of the grid, as a multiple of Silverman's.</summary>
    private const double HighestFactor = 5;

    /// <summary>The width in log h at which the golden-section search stops.</summary>
    private const double Tolerance = 1e-4;

    /// <inheritdoc/>
    public string Name => "lcv";

    /// <summary>The mean leave-one-out log-likelihood of the Gaussian kernel density estimate with bandwidth <paramref name="bandwidth"/>.</summary>
    /// <param name="sortedSamples">The samples in ascending order; at least two.</param>
    /// <param name="bandwidth">The bandwidth h.</param>
    /// <returns>(1/N) Σᵢ log( Σ_{j≠i} φ((sᵢ − sⱼ) / h) / ((N − 1) h) ).</returns>
    public static double MeanLeaveOneOutLogLikelihood(double[] sortedSamples, double bandwidth)
    {
        ArgumentNullException.ThrowIfNull(sortedSamples);
        var sum = new GaussianKernelSum(sortedSamples, bandwidth);
        var total = 0.0;
        for (var i = 0; i < sortedSamples.Length; i++)
        {
            total += sum.LogSumExcluding(i);
        }

        return (total / sortedSamples.Length) - Math.Log((sortedSamples.Length - 1) * bandwidth) - SpecialFunctions.LogSqrtTwoPi;
    }

    /// <inheritdoc/>
    public BandwidthChoice Select(double[] sortedSamples)
    {
        ArgumentNullException.ThrowIfNull(sortedSamples);
        var silverman = SilvermanRule.Bandwidth(sortedSamples);
        var lowest = Math.Log(silverman * LowestFactor);
        var highest = Math.Log(silverman * HighestFactor);
        double Objective(double logH) => MeanLeaveOneOutLogLikelihood(sortedSamples, Math.Exp(logH));

        var logs = Enumerable.Range(0, GridSize).Select(i => lowest + ((highest - lowest) * i / (GridSize - 1))).ToArray();
        var values = logs.Select(Objective).ToArray();
        var best = 0;
        for (var i = 1; i < GridSize; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        var (logH, value) = GoldenSectionMaximum(Objective, logs[Math.Max(best - 1, 0)], logs[Math.Min(best + 1, GridSize - 1)]);
        if (!(value >= values[best]))
        {
            (logH, value) = (logs[best], values[best]);
        }

        var h = Math.Exp(logH);
        var warnings = new List<string>();
        if (best == 0 || best == GridSize - 1)
        {
            warnings.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"lcv-edge: the leave-one-out likelihood is highest at the {(best == 0 ? "lower" : "upper")} end of the bandwidth grid ({(best == 0 ? LowestFactor : HighestFactor):G3} × Silverman's h)"));
        }

        return new BandwidthChoice(
            h,
            string.Create(CultureInfo.InvariantCulture, $"h = {h:G4} ({h / silverman:G3} × Silverman), leave-one-out log-likelihood {value:F4}"),
            warnings);
    }

    /// <summary>The maximum of a unimodal function on [a, b] by golden-section search, to <see cref="Tolerance"/>.</summary>
    private static (double X, double Value) GoldenSectionMaximum(Func<double, double> function, double a, double b)
    {
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var c = b - (ratio * (b - a));
        var d = a + (ratio * (b - a));
        var fc = function(c);
        var fd = function(d);
        while (b - a > Tolerance)
        {
            if (fc > fd)
            {
                (b, d, fd) = (d, c, fc);
                c = b - (ratio * (b - a));
                fc = function(c);
            }
            else
            {
                (a, c, fc) = (c, d, fd);
                d = a + (ratio * (b - a));
                fd = function(d);
            }
        }

        return fc > fd ? (c, fc) : (d, fd);
    }
}
