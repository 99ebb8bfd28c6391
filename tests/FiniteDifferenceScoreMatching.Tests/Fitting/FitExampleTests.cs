using System.Reflection;
using System.Text.RegularExpressions;
using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Fitting;

namespace FiniteDifferenceScoreMatching.Tests.Fitting;

/// <summary>
/// Keeps the one-call example of README.md and docs/fit-quality.md compiling: the documents must show exactly the code
/// of <see cref="Example"/>. The example itself takes seconds, so it is compiled here and run by the FitQuality
/// benchmark, which fits the same samples with the same defaults.
/// </summary>
public partial class FitExampleTests
{
    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/fit-quality.md")]
    public void Document_ShowsTheCodeOfTheExample(string document)
    {
        var root = typeof(FitExampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var source = File.ReadAllText(Path.Combine(root, "tests", "FiniteDifferenceScoreMatching.Tests", "Fitting", "FitExampleTests.cs"));
        var text = File.ReadAllText(Path.Combine(root, document));

        var body = ExampleBody().Match(source);
        var blocks = CodeBlocks().Matches(text).Select(m => Normalise(m.Groups[1].Value)).ToList();

        body.Success.Should().BeTrue("this file marks the example's first and last lines");
        blocks.Should().Contain(block => block.Contains(Normalise(body.Groups[1].Value)), $"{document} shows the example");
    }

    internal static void Example()
    {
        // example: begin
        var mixture = new GaussianMixture(means: [-3.0, 3.0], standardDeviations: [1.0, 1.0], weights: [0.1, 0.9]);
        double[] samples = mixture.Sample(new Random(12345), 1024);

        using FitResult fit = ScoreMatchingFit.Fit(samples);   // FitOptions for anything else
        Console.WriteLine($"restart {fit.Diagnostics.ChosenRestart} chosen, best epoch {fit.Diagnostics.Chosen.History.BestEpoch}");
        foreach (FitWarning warning in fit.Diagnostics.Warnings)
        {
            Console.WriteLine($"{warning.Kind}: {warning.Message}");
        }

        // fit.Pdf is the recovered density on fit.Grid; fit.Model is the fitted score network.
        // example: end
    }

    private static string Normalise(string code) =>
        string.Join('\n', code.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));

    [GeneratedRegex(@"^\s*// example: begin\s*$(.*?)^\s*// example: end\s*$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex ExampleBody();

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlocks();
}
