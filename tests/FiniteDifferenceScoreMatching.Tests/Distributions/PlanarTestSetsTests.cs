using FiniteDifferenceScoreMatching.Distributions;

namespace FiniteDifferenceScoreMatching.Tests.Distributions;

/// <summary>
/// The planar test sets: seeded, of the stated shape and scale; each point worked out by hand from the set's definition
/// for scripted draws; their statistics against the documented distributions; and their argument checks.
/// </summary>
public sealed class PlanarTestSetsTests
{
    /// <summary>With every uniform draw 0.75, Marsaglia's polar method takes (u, v) = (0.5, 0.5), s = 0.5, and every normal draw is 0.5 √(−2 ln 0.5 / 0.5) = √(ln 2).</summary>
    private static readonly double Z = Math.Sqrt(Math.Log(2));

    private static readonly Dictionary<string, Func<Random, int, double[,]>> Generators = new()
    {
        ["EightGaussians"] = PlanarTestSets.EightGaussians,
        ["TwoMoons"] = PlanarTestSets.TwoMoons,
        ["Checkerboard"] = PlanarTestSets.Checkerboard,
        ["Rings"] = PlanarTestSets.Rings,
        ["Pinwheel"] = PlanarTestSets.Pinwheel,
        ["SwissRoll"] = PlanarTestSets.SwissRoll,
        ["TwoSpirals"] = PlanarTestSets.TwoSpirals,
    };

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

    [Theory]
    [MemberData(nameof(Names))]
    public void BadArguments_ThrowNamingTheParameter(string name)
    {
        var generate = Generators[name];

        ((Action)(() => generate(null!, 3))).Should().Throw<ArgumentNullException>().WithParameterName("random");
        ((Action)(() => generate(new Random(1), 0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("count");
        ((Action)(() => generate(new Random(1), -2))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("count");
        generate(new Random(1), 1).GetLength(0).Should().Be(1);
    }

    [Fact]
    public void EightGaussians_ScriptedDraws_GiveTheCentreAtThreeQuartersPiPlusNoise()
    {
        var points = PlanarTestSets.EightGaussians(ScriptedRandom.Constant(0.75, 3), 2);

        // Centre 2√2 (cos 3π/4, sin 3π/4) = (−2, 2), moved by 0.35 z in each coordinate.
        for (var n = 0; n < 2; n++)
        {
            points[n, 0].Should().BeApproximately(-2 + (0.35 * Z), 1e-12);
            points[n, 1].Should().BeApproximately(2 + (0.35 * Z), 1e-12);
        }
    }

    [Fact]
    public void TwoMoons_ScriptedDraws_GiveAPointOfEachMoon()
    {
        // t = 0.75π: (cos t, sin t) = (−√½, √½) on the upper moon, (1 − cos t, 0.5 − sin t) on the lower; then
        // noise 0.1 z, the shift (−0.5, −0.25) and the scale 2.
        var half = Math.Sqrt(0.5);
        (double, double) Expected(double x, double y) => (2 * (x + (0.1 * Z) - 0.5), 2 * (y + (0.1 * Z) - 0.25));

        var drawn = new[] { 0, 1 }.Select(k => PlanarTestSets.TwoMoons(ScriptedRandom.Constant(0.75, k), 1)).Select(p => (p[0, 0], p[0, 1])).ToList();

        ShouldBeTheSamePoints(drawn, [Expected(-half, half), Expected(1 + half, 0.5 - half)]);
    }

    [Fact]
    public void Checkerboard_ScriptedDraws_FillEachOfTheEightEvenSquares()
    {
        // The same place, (0.75, 0.75), in the square that each of the eight choices picks.
        var drawn = Enumerable.Range(0, 8).Select(k => PlanarTestSets.Checkerboard(ScriptedRandom.Constant(0.75, k), 1)).Select(p => (p[0, 0], p[0, 1])).ToList();

        var expected = new List<(double, double)>();
        for (var i = -2; i < 2; i++)
        {
            for (var j = -2; j < 2; j++)
            {
                if ((i + j) % 2 == 0)
                {
                    expected.Add((i + 0.75, j + 0.75));
                }
            }
        }

        expected.Should().HaveCount(8);
        ShouldBeTheSamePoints(drawn, expected);
    }

    [Fact]
    public void Rings_ScriptedDraws_GiveEachRadiusAtAngleThreeHalvesPi()
    {
        // Angle 2π · 0.75 = 3π/2: the point (0, −r), moved by 0.08 z in each coordinate.
        var drawn = Enumerable.Range(0, 4).Select(k => PlanarTestSets.Rings(ScriptedRandom.Constant(0.75, k), 1)).Select(p => (p[0, 0], p[0, 1])).ToList();

        ShouldBeTheSamePoints(drawn, [(0.08 * Z, -0.75 + (0.08 * Z)), (0.08 * Z, -1.5 + (0.08 * Z)), (0.08 * Z, -2.25 + (0.08 * Z)), (0.08 * Z, -3 + (0.08 * Z))]);
    }

    [Fact]
    public void Pinwheel_ScriptedDraws_GiveThePointOfArmTwo()
    {
        var radius = 1 + (0.3 * Z);
        var across = 0.05 * Z;
        var turn = (2 * Math.PI * 2 / 5) + (0.25 * Math.Exp(0.3 * Z));

        var points = PlanarTestSets.Pinwheel(ScriptedRandom.Constant(0.75, 2), 1);

        // (radius, across) turned by the angle, then scaled by 2.
        points[0, 0].Should().BeApproximately(2 * ((radius * Math.Cos(turn)) - (across * Math.Sin(turn))), 1e-12);
        points[0, 1].Should().BeApproximately(2 * ((radius * Math.Sin(turn)) + (across * Math.Cos(turn))), 1e-12);
    }

    [Fact]
    public void SwissRoll_ScriptedDraws_GiveThePointAtThreeAndThreeQuarterPi()
    {
        // t = 1.5π + 3π · 0.75 = 3.75π.
        var t = 3.75 * Math.PI;

        var points = PlanarTestSets.SwissRoll(ScriptedRandom.Constant(0.75, 0), 1);

        points[0, 0].Should().BeApproximately((t * Math.Cos(t) / 4) + (0.1 * Z), 1e-12);
        points[0, 1].Should().BeApproximately((t * Math.Sin(t) / 4) + (0.1 * Z), 1e-12);
    }

    [Fact]
    public void TwoSpirals_ScriptedDraws_GiveAPointOfEachArm_MirroredThroughTheOrigin()
    {
        // t = 3π √0.75; one arm has (−t cos t, t sin t) / 3, the other its mirror image; both moved by 0.1 z.
        var t = 3 * Math.PI * Math.Sqrt(0.75);
        var (x, y) = (-t * Math.Cos(t) / 3, t * Math.Sin(t) / 3);

        var drawn = new[] { 0, 1 }.Select(k => PlanarTestSets.TwoSpirals(ScriptedRandom.Constant(0.75, k), 1)).Select(p => (p[0, 0], p[0, 1])).ToList();

        ShouldBeTheSamePoints(drawn, [(x + (0.1 * Z), y + (0.1 * Z)), (-x + (0.1 * Z), -y + (0.1 * Z))]);
    }

    [Fact]
    public void EightGaussians_Statistics_MatchTheDefinition()
    {
        var points = PlanarTestSets.EightGaussians(new Random(21), 20_000);

        // Mean 0 by symmetry; E[x²] = E[y²] = 8 · ½ + 0.35²; each centre takes an eighth of the points.
        Mean(points, p => p.X).Should().BeApproximately(0, 0.08);
        Mean(points, p => p.Y).Should().BeApproximately(0, 0.08);
        Mean(points, p => p.X * p.X).Should().BeApproximately(4 + (0.35 * 0.35), 0.15);
        Mean(points, p => p.Y * p.Y).Should().BeApproximately(4 + (0.35 * 0.35), 0.15);
        var centres = Rows(points).GroupBy(p => ((int)Math.Round(Math.Atan2(p.Y, p.X) / (Math.PI / 4)) + 8) % 8).ToDictionary(g => g.Key, g => g.Count() / 20_000.0);
        centres.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 8));
        centres.Values.Should().OnlyContain(f => Math.Abs(f - 0.125) < 0.015);
    }

    [Fact]
    public void TwoMoons_Statistics_MatchTheDefinition()
    {
        var points = PlanarTestSets.TwoMoons(new Random(22), 20_000);

        // For t uniform on [0, π], E cos t = 0, E sin t = 2/π, E cos² t = E sin² t = ½. Both moons give
        // E[(x − ½)²] = ¾ and E[(y − ¼)²] = 9/16 − 1/π, plus 0.1² of noise, times 4; the means cancel to 0.
        Mean(points, p => p.X).Should().BeApproximately(0, 0.05);
        Mean(points, p => p.Y).Should().BeApproximately(0, 0.05);
        Mean(points, p => p.X * p.X).Should().BeApproximately(4 * (0.75 + 0.01), 0.1);
        Mean(points, p => p.Y * p.Y).Should().BeApproximately(4 * ((9.0 / 16) - (1 / Math.PI) + 0.01), 0.05);
    }

    [Fact]
    public void Checkerboard_Statistics_AreUniformOnTheEightSquares()
    {
        var points = PlanarTestSets.Checkerboard(new Random(23), 20_000);

        Rows(points).Should().OnlyContain(p => p.X >= -2 && p.X < 2 && p.Y >= -2 && p.Y < 2);
        var squares = Rows(points).GroupBy(p => (Math.Floor(p.X), Math.Floor(p.Y))).ToDictionary(g => g.Key, g => g.Count() / 20_000.0);
        squares.Should().HaveCount(8);
        squares.Keys.Should().OnlyContain(s => (s.Item1 + s.Item2) % 2 == 0);
        squares.Values.Should().OnlyContain(f => Math.Abs(f - 0.125) < 0.015);
        Mean(points, p => p.X - Math.Floor(p.X)).Should().BeApproximately(0.5, 0.01);
        Mean(points, p => p.Y - Math.Floor(p.Y)).Should().BeApproximately(0.5, 0.01);
    }

    [Fact]
    public void Rings_Statistics_MatchTheDefinition()
    {
        var points = PlanarTestSets.Rings(new Random(24), 20_000);

        var rings = Rows(points).GroupBy(p => (int)Math.Round(Math.Sqrt((p.X * p.X) + (p.Y * p.Y)) / 0.75)).ToDictionary(g => g.Key, g => g.Count() / 20_000.0);
        rings.Keys.Should().BeEquivalentTo(new[] { 1, 2, 3, 4 });
        rings.Values.Should().OnlyContain(f => Math.Abs(f - 0.25) < 0.02);

        // A uniform angle: mean 0, E[x²] = E[y²] = E[r²] / 2 + 0.08², E[r²] = 0.75² (1 + 4 + 9 + 16) / 4.
        var squaredRadius = 0.75 * 0.75 * 30 / 4;
        Mean(points, p => p.X).Should().BeApproximately(0, 0.05);
        Mean(points, p => p.Y).Should().BeApproximately(0, 0.05);
        Mean(points, p => p.X * p.X).Should().BeApproximately((squaredRadius / 2) + (0.08 * 0.08), 0.08);
        Mean(points, p => p.Y * p.Y).Should().BeApproximately((squaredRadius / 2) + (0.08 * 0.08), 0.08);
    }

    [Fact]
    public void Pinwheel_Statistics_MatchTheDefinition()
    {
        var points = PlanarTestSets.Pinwheel(new Random(25), 20_000);

        // The turn keeps the length: E[|p|²] = 4 (E[(1 + 0.3a)²] + E[(0.05b)²]) = 4 (1 + 0.09 + 0.0025).
        Mean(points, p => (p.X * p.X) + (p.Y * p.Y)).Should().BeApproximately(4 * 1.0925, 0.1);

        // Each arm takes a fifth of the points, turned past its start by 0.25 e^(0.3a), on average 0.25 e^0.045 (the few
        // points that the tangential offset turns back behind the start, counted at the far end of the previous arm, add ~0.01).
        var spacing = 2 * Math.PI / 5;
        var angles = Rows(points).Select(p => (Math.Atan2(p.Y, p.X) + (2 * Math.PI)) % (2 * Math.PI)).ToList();
        var arms = angles.GroupBy(a => (int)Math.Floor(a / spacing)).ToDictionary(g => g.Key, g => g.Count() / 20_000.0);
        arms.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 5));
        arms.Values.Should().OnlyContain(f => Math.Abs(f - 0.2) < 0.02);
        angles.Average(a => a % spacing).Should().BeApproximately(0.25 * Math.Exp(0.045), 0.03);
    }

    [Fact]
    public void SwissRoll_Statistics_MatchTheDefinition()
    {
        var points = PlanarTestSets.SwissRoll(new Random(26), 20_000);

        // E[|p|²] = E[t²] / 16 + 2 · 0.1², with t uniform on [1.5π, 4.5π]: E[t²] = (a² + ab + b²) / 3 = 9.75 π².
        Mean(points, p => (p.X * p.X) + (p.Y * p.Y)).Should().BeApproximately((9.75 * Math.PI * Math.PI / 16) + 0.02, 0.12);
        Rows(points).Select(p => Math.Sqrt((p.X * p.X) + (p.Y * p.Y)))
            .Should().OnlyContain(r => r > (1.5 * Math.PI / 4) - 0.6 && r < (4.5 * Math.PI / 4) + 0.6);
    }

    [Fact]
    public void TwoSpirals_Statistics_MatchTheDefinition()
    {
        var points = PlanarTestSets.TwoSpirals(new Random(27), 20_000);

        // t² = 9π² u with u uniform: E[|p|²] = E[t²] / 9 + 2 · 0.1² = π² / 2 + 0.02. The mirror arm cancels the mean,
        // which one arm alone would not: its density of t is 2t / (9π²) on [0, 3π], so E[x] = 4 / (9π) and E[y] = (2 − 8 / (9π²)) / 3.
        Mean(points, p => (p.X * p.X) + (p.Y * p.Y)).Should().BeApproximately((Math.PI * Math.PI / 2) + 0.02, 0.1);
        Mean(points, p => p.X).Should().BeApproximately(0, 0.05);
        Mean(points, p => p.Y).Should().BeApproximately(0, 0.05);
    }

    private static double[,] Draw(string name, int seed, int count)
    {
        var method = typeof(PlanarTestSets).GetMethod(name)!;
        return (double[,])method.Invoke(null, [new Random(seed), count])!;
    }

    private static IEnumerable<(double X, double Y)> Rows(double[,] points) =>
        Enumerable.Range(0, points.GetLength(0)).Select(n => (points[n, 0], points[n, 1]));

    private static double Mean(double[,] points, Func<(double X, double Y), double> value) => Rows(points).Average(value);

    /// <summary>The drawn points are the expected ones to 1e-12, in some order.</summary>
    private static void ShouldBeTheSamePoints(List<(double X, double Y)> drawn, List<(double X, double Y)> expected)
    {
        drawn.Should().HaveCount(expected.Count);
        foreach (var (x, y) in expected)
        {
            drawn.Count(p => Math.Abs(p.X - x) < 1e-12 && Math.Abs(p.Y - y) < 1e-12).Should().Be(1, $"({x}, {y}) is drawn once");
        }
    }
}
