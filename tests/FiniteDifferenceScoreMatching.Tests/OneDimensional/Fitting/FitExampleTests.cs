using System.Text.RegularExpressions;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional.Fitting;

/// <summary>
/// Runs the one-call example of README.md, docs/fit-quality.md and the package's README, and checks that they show exactly its code.
/// </summary>
[Collection(TorchCollection.Name)]
public partial class FitExampleTests
{
    [Fact]
    public void Example_Runs_AndReportsTheSplineFit()
    {
        var printed = DocumentedExample.Run(Example);

        printed.Should().StartWith("Spline score, penalty ").And.Contain(" region(s)");
        var mass = MassBelowZero().Match(printed);
        mass.Success.Should().BeTrue("the example prints the mass below 0, but printed: {0}", printed);
        double.Parse(mass.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(0.07, 0.13, "the left mode weighs 0.1");
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/fit-quality.md")]
    [InlineData("packaging/README.md")]
    public void Document_ShowsTheCodeOfTheExample(string document) =>
        DocumentedExample.ShouldBeShownIn("tests/FiniteDifferenceScoreMatching.Tests/OneDimensional/Fitting/FitExampleTests.cs", document);

    internal static void Example()
    {
        // example: begin
        var mixture = new GaussianMixture(means: [-3.0, 3.0], standardDeviations: [1.0, 1.0], weights: [0.1, 0.9]);
        double[] samples = mixture.Sample(new Random(12345), 1024);

        using FitResult fit = ScoreMatchingFit.Fit(samples);   // FitOptions for anything else
        SmoothingCandidate chosen = fit.Diagnostics.Smoothing[fit.Diagnostics.ChosenSmoothing];
        Console.WriteLine($"{fit.Diagnostics.Method} score, penalty {chosen.RelativePenalty:G2}, {fit.Diagnostics.Regions.Count} region(s)");
        foreach (FitWarning warning in fit.Diagnostics.Warnings)
        {
            Console.WriteLine($"{warning.Kind}: {warning.Message}");
        }

        // fit.Distribution is the fitted density anywhere (Density, DensityLn, CumulativeDistribution, Sample,
        // MeanLogLikelihood); fit.Pdf is the density on fit.Grid, for plots; fit.Model is the fitted score model.
        Console.WriteLine($"mass below 0: {fit.Distribution.CumulativeDistribution(0):F3}");
        // example: end
    }

    [GeneratedRegex(@"mass below 0: (\d+\.\d+)")]
    private static partial Regex MassBelowZero();
}
