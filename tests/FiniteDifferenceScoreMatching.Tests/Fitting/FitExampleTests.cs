using System.Reflection;
using System.Text.RegularExpressions;
using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Fitting;

namespace FiniteDifferenceScoreMatching.Tests.Fitting;

/// <summary>
/// Runs the one-call example of README.md and docs/fit-quality.md, and checks that the documents show exactly its code.
/// </summary>
[Collection(TorchCollection.Name)]
public partial class FitExampleTests
{
    [Fact]
    public void Example_Runs_AndReportsTheAveragedRestarts()
    {
        var console = Console.Out;
        using var captured = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Console.SetOut(captured);
        try
        {
            Example();
        }
        finally
        {
            Console.SetOut(console);
        }

        captured.ToString().Should().StartWith("4 restarts, Average; best validation loss -0").And.Contain("mass below 0: 0.1");
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/fit-quality.md")]
    [InlineData("packaging/README.md")]
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
        Console.WriteLine($"{fit.Diagnostics.Restarts.Count} restarts, {fit.Diagnostics.Combination}; best validation loss {fit.Diagnostics.Chosen.BestValidationLoss:F3}");
        foreach (FitWarning warning in fit.Diagnostics.Warnings)
        {
            Console.WriteLine($"{warning.Kind}: {warning.Message}");
        }

        // fit.Distribution is the fitted density anywhere (Density, DensityLn, CumulativeDistribution, Sample,
        // MeanLogLikelihood); fit.Pdf is the density on fit.Grid, for plots; fit.Model is the fitted score model.
        Console.WriteLine($"mass below 0: {fit.Distribution.CumulativeDistribution(0):F3}");
        // example: end
    }

    private static string Normalise(string code) =>
        string.Join('\n', code.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));

    [GeneratedRegex(@"^\s*// example: begin\s*$(.*?)^\s*// example: end\s*$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex ExampleBody();

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlocks();
}
