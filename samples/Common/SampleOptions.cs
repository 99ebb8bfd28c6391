using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Samples.Common;

/// <summary>The options both sample apps take in the same form, each checked as it is parsed so that a bad value is one line.</summary>
internal static class SampleOptions
{
    /// <summary>--output (-o): the folder the results go to; not empty, and not another option that took its place.</summary>
    /// <param name="defaultValue">The folder when none is given.</param>
    /// <returns>The option.</returns>
    public static Option<string> OutputFolder(string defaultValue) => new("--output", "-o")
    {
        Description = "The folder the table and the figures go to.",
        HelpName = "folder",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var value = Single(result);
            if (string.IsNullOrWhiteSpace(value))
            {
                result.AddError("--output needs a folder name");
            }
            else if (value.StartsWith('-'))
            {
                // Most likely an option that took the folder's place, as in "--output --quiet".
                result.AddError($"--output needs a folder name, not '{value}'");
            }

            return value ?? string.Empty;
        },
    };

    /// <summary>--seed: any whole number.</summary>
    /// <param name="description">The help's line: what the seed seeds.</param>
    /// <param name="defaultValue">The seed when none is given.</param>
    /// <returns>The option.</returns>
    public static Option<int> Seed(string description, int defaultValue) => new("--seed")
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var value = Single(result);
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
            {
                return seed;
            }

            result.AddError($"--seed must be a whole number, not '{value}'");
            return 0;
        },
    };

    /// <summary>A whole number from <paramref name="minimum"/> to <paramref name="limit"/>.</summary>
    /// <param name="name">The option's name, as the messages give it.</param>
    /// <param name="description">The help's line.</param>
    /// <param name="defaultValue">The value when none is given.</param>
    /// <param name="limit">The largest value accepted.</param>
    /// <param name="minimum">The smallest value accepted; at least 1.</param>
    /// <returns>The option.</returns>
    public static Option<int> PositiveInt(string name, string description, int defaultValue, int limit, int minimum = 1) => new(name)
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var value = Single(result);
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number <= 0)
            {
                result.AddError($"{name} must be a positive whole number, not '{value}'");
            }
            else if (number < minimum)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be at least {minimum}, not {number}"));
            }
            else if (number > limit)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be at most {limit:N0}, not {number:N0}"));
            }

            return number;
        },
    };

    /// <summary>A finite positive number.</summary>
    /// <param name="name">The option's name, as the messages give it.</param>
    /// <param name="description">The help's line.</param>
    /// <param name="defaultValue">The value when none is given.</param>
    /// <returns>The option.</returns>
    public static Option<double> PositiveDouble(string name, string description, double defaultValue) => new(name)
    {
        Description = description,
        HelpName = "x",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => PositiveDouble(result, name),
    };

    /// <summary>Parses the option's value as a finite positive number, or adds an error naming the option.</summary>
    /// <param name="result">The option's argument.</param>
    /// <param name="name">The option's name, as the message gives it.</param>
    /// <returns>The number (meaningless when an error was added).</returns>
    public static double PositiveDouble(ArgumentResult result, string name)
    {
        var value = Single(result);
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) || number <= 0)
        {
            result.AddError($"{name} must be a finite positive number, not '{value}'");
        }

        return number;
    }

    /// <summary>The option's one value; System.CommandLine has already checked that there is one.</summary>
    /// <param name="result">The option's argument.</param>
    /// <returns>The value, or null when there is none.</returns>
    public static string? Single(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
}
