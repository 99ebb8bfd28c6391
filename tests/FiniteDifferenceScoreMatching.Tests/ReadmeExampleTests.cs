using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using FiniteDifferenceScoreMatching.Density;
using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>Runs the README's example, and checks that the README and the package's README show exactly the code that runs here.</summary>
[Collection(TorchCollection.Name)]
public partial class ReadmeExampleTests
{
    [Fact]
    public void Example_Runs_AndRecoversThePdf()
    {
        var console = Console.Out;
        using var captured = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(captured);
        try
        {
            RunExample();
        }
        finally
        {
            Console.SetOut(console);
        }

        var match = PrintedL1().Match(captured.ToString());
        match.Success.Should().BeTrue("the example prints its result, but printed: {0}", captured.ToString());
        double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture).Should().BeLessThanOrEqualTo(0.30);
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("packaging/README.md")]
    public void Readme_ShowsTheCodeThatThisTestRuns(string readmePath)
    {
        var root = typeof(ReadmeExampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var source = File.ReadAllText(Path.Combine(root, "tests", "FiniteDifferenceScoreMatching.Tests", "ReadmeExampleTests.cs"));
        var readme = File.ReadAllText(Path.Combine(root, readmePath));

        var body = ExampleBody().Match(source);
        var block = ReadmeCode().Match(readme);

        body.Success.Should().BeTrue("this file marks the example's first and last lines");
        block.Success.Should().BeTrue("{0} has a ```csharp block", readmePath);
        Normalise(block.Groups[1].Value).Should().Contain(Normalise(body.Groups[1].Value));
    }

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

    private static string Normalise(string code) =>
        string.Join('\n', code.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));

    [GeneratedRegex(@"L1 error of the recovered pdf (\d+\.\d+)")]
    private static partial Regex PrintedL1();

    [GeneratedRegex(@"^\s*// example: begin\s*$(.*?)^\s*// example: end\s*$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex ExampleBody();

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ReadmeCode();
}
