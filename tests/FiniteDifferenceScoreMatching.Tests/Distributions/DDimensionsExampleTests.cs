using FiniteDifferenceScoreMatching.Distributions;

namespace FiniteDifferenceScoreMatching.Tests.Distributions;

/// <summary>Runs the example of docs/d-dimensions.md, and checks that the page shows exactly its code.</summary>
public class DDimensionsExampleTests
{
    [Fact]
    public void Example_DrawsTheSamplesAndTheirScores()
    {
        var (samples, scores) = Example();

        samples.GetLength(0).Should().Be(1024);
        samples.GetLength(1).Should().Be(2);
        scores.GetLength(0).Should().Be(1024);
        scores.Cast<double>().Should().OnlyContain(v => double.IsFinite(v));

        // By Stein's identity E[s(x) xᵀ] = −I: the samples and their scores agree with each other.
        var cross = Enumerable.Range(0, 1024).Average(n => scores[n, 0] * samples[n, 0]);
        cross.Should().BeApproximately(-1, 0.15);
    }

    [Fact]
    public void Document_ShowsTheCodeOfTheExample() =>
        DocumentedExample.ShouldBeShownIn("tests/FiniteDifferenceScoreMatching.Tests/Distributions/DDimensionsExampleTests.cs", "docs/d-dimensions.md");

    private static (double[,] Samples, double[,] Scores) Example()
    {
        // example: begin
        // The 2-D problem of the original author's follow-up: weights 0.4, 0.4, 0.2, identity covariances.
        var mixture = MultivariateGaussianMixture.Diagonal(
            weights: [0.4, 0.4, 0.2],
            means: [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]],
            variances: [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);
        double[,] samples = mixture.Sample(new Random(12345), 1024);   // one point per row
        double[,] scores = mixture.Score(samples);                       // ∇ log p at each row
        // example: end
        return (samples, scores);
    }
}
