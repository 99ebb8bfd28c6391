using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Samples.Common;

/// <summary>What the sample apps say about a command line: the generated help, and the first thing wrong with a parse, in one line.</summary>
internal static class CommandLineText
{
    /// <summary>The help that System.CommandLine generates for <paramref name="root"/>.</summary>
    /// <param name="root">The command.</param>
    /// <returns>The help text, without a trailing line break.</returns>
    public static string Usage(Command root)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = text });
        return text.ToString().TrimEnd();
    }

    /// <summary>The first problem of a parse: an unknown option or stray argument named as such, an option without its value, or the parser's own message.</summary>
    /// <param name="result">The parse.</param>
    /// <returns>One line, or null when the parse has no problem.</returns>
    public static string? FirstError(ParseResult result)
    {
        if (result.UnmatchedTokens.Count > 0)
        {
            var token = result.UnmatchedTokens[0];
            return token.StartsWith('-') ? $"unknown option '{token}'" : $"unexpected argument '{token}'";
        }

        if (result.Errors.Count > 0)
        {
            var error = result.Errors[0];
            return error.SymbolResult is OptionResult { Tokens.Count: 0 } missing
                ? $"option {missing.Option.Name} needs a value"
                : error.Message.ReplaceLineEndings(" ").TrimEnd('.');
        }

        return null;
    }
}
