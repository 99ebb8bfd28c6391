using System.Globalization;
using System.Text;

namespace FitQuality.Suite;

/// <summary>Every row of a suite run as CSV (RFC 4180 quoting, invariant culture, round-trip numbers).</summary>
internal static class SuiteCsv
{
    /// <summary>Writes the rows.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The CSV text, with a header line.</returns>
    public static string Write(IEnumerable<SuiteRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder("distribution,part,n,set,estimator,l1,loglik,truth_loglik,fit_seconds,warning_count,warnings,details,error\n");
        foreach (var row in rows)
        {
            string[] fields =
            [
                row.Distribution,
                row.Part == SuitePart.Tuning ? "tuning" : "held-out",
                row.SampleCount.ToString(CultureInfo.InvariantCulture),
                row.SampleSet.ToString(CultureInfo.InvariantCulture),
                row.Estimator,
                Number(row.L1),
                Number(row.LogLikelihood),
                Number(row.TruthLogLikelihood),
                Number(row.Seconds),
                row.Warnings.Count.ToString(CultureInfo.InvariantCulture),
                string.Join(" | ", row.Warnings),
                row.Details,
                row.Error ?? "",
            ];
            text.AppendJoin(',', fields.Select(Quote)).Append('\n');
        }

        return text.ToString();
    }

    private static string Number(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
