using System.Globalization;
using System.Text.RegularExpressions;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>Runs the README's example, and checks that the README and the package's README show exactly the code that runs here.</summary>
[Collection(TorchCollection.Name)]
public partial class ReadmeExampleTests
{
    [Fact]
    public void Example_Runs_AndRecoversThePdf()
    {
        var printed = DocumentedExample.Run(RunExample);

        var match = PrintedL1().Match(printed);
        match.Success.Should().BeTrue("the example prints its result, but printed: {0}", printed);
        double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture).Should().BeLessThanOrEqualTo(0.30);
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("packaging/README.md")]
    public void Readme_ShowsTheCodeThatThisTestRuns(string readmePath) =>
        DocumentedExample.ShouldBeShownIn("tests/FiniteDifferenceScoreMatching.Tests/ReadmeExampleTests.cs", readmePath);

    private static void RunExample()
    {
        // example: begin
        var mixture = new GaussianMixture(means: [-3.0, 3.0], standardDeviations: [1.0, 1.0], weights: [0.1, 0.9]);
        double[] samples = mixture.Sample(new Random(12345), 1024);

        using var model = new MlpScoreModel(seed: 1);   // 1 → 8 → 1 ReLU network, float32
        using var trainer = new Trainer(model);         // Adam, learning rate 0.03
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
        TrainingResult result = trainer.Train(loss, epochs: 500);

        var grid = new UniformGrid(-10, 10, 200);
        double[] pdf = DensityRecovery.FromScore(grid, model.ScoreAt(grid.Points));
        double l1 = DensityMetrics.L1Distance(grid, pdf, grid.Evaluate(mixture.Density));
        Console.WriteLine($"final loss {result.FinalLoss:F3}, L1 error of the recovered pdf {l1:F3}");
        // example: end
    }

    [GeneratedRegex(@"L1 error of the recovered pdf (\d+\.\d+)")]
    private static partial Regex PrintedL1();
}
