using System.Globalization;

namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>Runs code under a current culture that writes decimals with a comma and groups digits with a dot, as many European cultures do.</summary>
internal static class CommaDecimalCulture
{
    /// <summary>Returns what <paramref name="text"/> gives with such a culture as the thread's current culture, which is then restored.</summary>
    public static string Run(Func<string> text)
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            return text();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
