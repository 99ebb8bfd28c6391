using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>
/// What the tests of a documented example share: running it with the console captured, and checking that a document
/// shows exactly the code between its <c>// example: begin</c> and <c>// example: end</c> lines.
/// </summary>
internal static partial class DocumentedExample
{
    /// <summary>Gets the repository's root folder, recorded in the test assembly when it is built.</summary>
    public static string RepositoryRoot { get; } = typeof(DocumentedExample).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>Runs <paramref name="example"/> and returns what it wrote to the console, in the invariant culture.</summary>
    public static string Run(Action example)
    {
        var console = Console.Out;
        using var captured = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(captured);
        try
        {
            example();
        }
        finally
        {
            Console.SetOut(console);
        }

        return captured.ToString();
    }

    /// <summary>
    /// Asserts that a C# block of <paramref name="document"/> holds the example marked in <paramref name="source"/>,
    /// line for line with indentation and blank lines ignored; both paths are relative to the repository's root.
    /// </summary>
    public static void ShouldBeShownIn(string source, string document)
    {
        var body = ExampleBody().Match(File.ReadAllText(Path.Combine(RepositoryRoot, source)));
        var blocks = CodeBlocks().Matches(File.ReadAllText(Path.Combine(RepositoryRoot, document))).Select(m => Normalise(m.Groups[1].Value)).ToList();

        body.Success.Should().BeTrue("{0} marks the example's first and last lines", source);
        blocks.Should().Contain(block => block.Contains(Normalise(body.Groups[1].Value)), "{0} shows the example", document);
    }

    private static string Normalise(string code) =>
        string.Join('\n', code.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));

    [GeneratedRegex(@"^\s*// example: begin\s*$(.*?)^\s*// example: end\s*$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex ExampleBody();

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlocks();
}
