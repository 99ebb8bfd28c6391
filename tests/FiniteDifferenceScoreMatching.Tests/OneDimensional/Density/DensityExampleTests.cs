using System.Text.RegularExpressions;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional.Density;

/// <summary>Runs the example of docs/densities.md, and checks that the page shows exactly its code.</summary>
[Collection(TorchCollection.Name)]
public partial class DensityExampleTests
{
    [Fact]
    public void Example_Runs_AndPrintsTheDensitysFigures()
    {
        var printed = DocumentedExample.Run(Example);

        var match = Printed().Match(printed);
        match.Success.Should().BeTrue("the example prints its figures, but printed: {0}", printed);
        double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeApproximately(0.9 * 0.1295, 0.05, "p(1.5) of the mixture is about 0.9 · φ(1.5 − 3) = 0.117");
        double.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(-1.95, -1.65, "the mixture's entropy, the best expected value, is 1.74");
    }

    [Fact]
    public void Document_ShowsTheCodeOfTheExample() =>
        DocumentedExample.ShouldBeShownIn("tests/FiniteDifferenceScoreMatching.Tests/OneDimensional/Density/DensityExampleTests.cs", "docs/densities.md");

    internal static void Example()
    {
        // example: begin
        var mixture = new GaussianMixture(means: [-3.0, 3.0], standardDeviations: [1.0, 1.0], weights: [0.1, 0.9]);
        double[] samples = mixture.Sample(new Random(12345), 1024);
        double[] heldOutSamples = mixture.Sample(new Random(54321), 1024);

        using FitResult fit = ScoreMatchingFit.Fit(samples);
        ScoreDensity density = fit.Distribution;
        double p = density.Density(1.5);                                    // also DensityLn, CumulativeDistribution
        double median = density.InverseCumulativeDistribution(0.5);
        double[] draws = density.Sample(new Random(1), 1000);
        double heldOut = density.MeanLogLikelihood(heldOutSamples);         // mean log p per held-out sample
        Console.WriteLine($"p(1.5) = {p:F3}, median {median:F3}, held-out log-likelihood {heldOut:F3} per sample");
        // example: end
        _ = draws;
    }

    [GeneratedRegex(@"p\(1\.5\) = (-?\d+\.\d+), median (-?\d+\.\d+), held-out log-likelihood (-?\d+\.\d+) per sample")]
    private static partial Regex Printed();
}
