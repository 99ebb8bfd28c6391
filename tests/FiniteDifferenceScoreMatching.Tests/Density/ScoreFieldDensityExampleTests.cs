using System.Globalization;
using System.Text.RegularExpressions;
using FiniteDifferenceScoreMatching.Density;
using FiniteDifferenceScoreMatching.Distributions;
using Xunit.Abstractions;

namespace FiniteDifferenceScoreMatching.Tests.Density;

/// <summary>Runs the two-dimensional example of docs/densities.md, and checks that the page shows exactly its code.</summary>
[Collection(TorchCollection.Name)]
public partial class ScoreFieldDensityExampleTests(ITestOutputHelper output)
{
    [Fact]
    public void Example_Runs_AndPrintsItsFigures()
    {
        var printed = DocumentedExample.Run(Example);
        output.WriteLine(printed);

        var match = Printed().Match(printed);
        match.Success.Should().BeTrue("the example prints its figures, but printed: {0}", printed);
        double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture).Should().BeLessThan(1e-3);
        double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture).Should().BeInRange(0.2, 0.8);
        double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture).Should().BeLessThan(1e-3);
    }

    [Fact]
    public void Document_ShowsTheCodeOfTheExample() =>
        DocumentedExample.ShouldBeShownIn("tests/FiniteDifferenceScoreMatching.Tests/Density/ScoreFieldDensityExampleTests.cs", "docs/densities.md");

    internal static void Example()
    {
        // example: begin
        var mixture = MultivariateGaussianMixture.Diagonal(
            weights: [0.4, 0.4, 0.2],
            means: [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]],
            variances: [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);
        var grid = new PlanarGrid(xMin: -9, xMax: 9, yMin: -9, yMax: 9, xCount: 181, yCount: 181);

        // The exact score at the nodes; ScoreFieldDensity.Recover(model, grid) takes a trained model instead.
        PlanarDensity density = ScoreFieldDensity.Recover(grid, mixture.Score(grid.Points()));
        double toTruth = density.L1Distance((x, y) => mixture.Density([x, y]));

        var kde = new GaussianKernelDensity(mixture.Sample(new Random(1), 1024));
        double toKde = density.L1Distance((x, y) => kde.Density([x, y]));
        Console.WriteLine($"L1 to the truth {toTruth:E1}, to a KDE of 1,024 samples {toKde:F2}; residual {density.ResidualFraction:E1}");
        // example: end
    }

    [GeneratedRegex(@"L1 to the truth (\S+), to a KDE of 1,024 samples (\S+); residual (\S+)")]
    private static partial Regex Printed();
}
