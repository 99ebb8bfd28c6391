using FiniteDifferenceScoreMatching.Distributions;

namespace FiniteDifferenceScoreMatching.Tests.Distributions;

public sealed class PlanarTestSetsTests
{
    public static TheoryData<string> Names => ["EightGaussians", "TwoMoons", "Checkerboard", "Rings", "Pinwheel", "SwissRoll", "TwoSpirals"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Sample_IsSeededFiniteAndWithinTheStatedScale(string name)
    {
        var first = Draw(name, 7, 5_000);
        var again = Draw(name, 7, 5_000);
        var other = Draw(name, 8, 5_000);

        first.GetLength(0).Should().Be(5_000);
        first.GetLength(1).Should().Be(2);
        first.Cast<double>().Should().Equal(again.Cast<double>());
        first.Cast<double>().Should().NotEqual(other.Cast<double>());
        first.Cast<double>().Should().OnlyContain(v => double.IsFinite(v) && Math.Abs(v) < 6);
        first.Cast<double>().Count(v => Math.Abs(v) > 4).Should().BeLessThan(5_000 / 50, "the sets lie mostly within [−4, 4]²");
    }

    [Fact]
    public void Checkerboard_PointsLieOnTheEvenSquaresOnly()
    {
        var points = PlanarTestSets.Checkerboard(new Random(1), 2_000);

        for (var n = 0; n < 2_000; n++)
        {
            var (i, j) = ((int)Math.Floor(points[n, 0]), (int)Math.Floor(points[n, 1]));
            ((i + j) % 2 == 0).Should().BeTrue($"point ({points[n, 0]}, {points[n, 1]}) is on square ({i}, {j})");
        }
    }

    [Fact]
    public void EightGaussians_And_Rings_SitOnTheirCircles()
    {
        var gaussians = PlanarTestSets.EightGaussians(new Random(2), 4_000);
        var rings = PlanarTestSets.Rings(new Random(3), 4_000);

        var meanRadius = Enumerable.Range(0, 4_000).Average(n => Math.Sqrt((gaussians[n, 0] * gaussians[n, 0]) + (gaussians[n, 1] * gaussians[n, 1])));
        meanRadius.Should().BeApproximately(2 * Math.Sqrt(2), 0.05);
        Enumerable.Range(0, 4_000)
            .Select(n => Math.Sqrt((rings[n, 0] * rings[n, 0]) + (rings[n, 1] * rings[n, 1])) / 0.75)
            .Should().OnlyContain(r => Math.Abs(r - Math.Round(r)) < 0.5 && Math.Round(r) >= 1 && Math.Round(r) <= 4);
    }

    [Fact]
    public void BadArguments_Throw()
    {
        ((Action)(() => PlanarTestSets.TwoMoons(null!, 3))).Should().Throw<ArgumentNullException>();
        ((Action)(() => PlanarTestSets.SwissRoll(new Random(1), 0))).Should().Throw<ArgumentOutOfRangeException>();
    }

    private static double[,] Draw(string name, int seed, int count)
    {
        var method = typeof(PlanarTestSets).GetMethod(name)!;
        return (double[,])method.Invoke(null, [new Random(seed), count])!;
    }
}
