using FiniteDifferenceScoreMatching.OneDimensional.Density;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional.Density;

public sealed class CoordinateMapTests
{
    private static readonly CoordinateMap Affine = new(Center: 2, Scale: 4, IsAsinh: false);
    private static readonly CoordinateMap Asinh = new(Center: 1, Scale: 2, IsAsinh: true);

    [Fact]
    public void Identity_LeavesPointsAndScoresAsTheyAre()
    {
        var map = CoordinateMap.Identity;

        map.ToU(-3.5).Should().Be(-3.5);
        map.ToX(7.25).Should().Be(7.25);
        map.LogDerivative(11).Should().Be(0);
        map.ScoreInX(11, -0.75).Should().Be(-0.75);
    }

    [Fact]
    public void Affine_ShiftsAndScales()
    {
        Affine.ToU(10).Should().Be(2);
        Affine.ToX(-1.5).Should().Be(-4);
        Affine.LogDerivative(-100).Should().BeApproximately(-Math.Log(4), 1e-15);
        Affine.ScoreInX(-100, 3).Should().Be(0.75);
    }

    [Theory]
    [InlineData(-40.0)]
    [InlineData(-3.0)]
    [InlineData(0.2)]
    [InlineData(1.0)]
    [InlineData(6.5)]
    [InlineData(1e4)]
    public void Asinh_IsTheSinhArcsinhOfTheAffineCoordinate(double x)
    {
        var z = (x - 1) / 2;

        Asinh.ToU(x).Should().BeApproximately(Math.Asinh(z), 1e-15 * Math.Max(1, Math.Abs(Math.Asinh(z))));
        Asinh.ToX(Asinh.ToU(x)).Should().BeApproximately(x, 1e-12 * Math.Max(1, Math.Abs(x)));
        Asinh.LogDerivative(x).Should().BeApproximately(-Math.Log(2) - (0.5 * Math.Log(1 + (z * z))), 1e-12);
    }

    [Theory]
    [InlineData(-7.0)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(25.0)]
    public void Asinh_LogDerivative_IsTheLogOfTheMapsSlope(double x)
    {
        const double h = 1e-5;
        var slope = (Asinh.ToU(x + h) - Asinh.ToU(x - h)) / (2 * h);

        Asinh.LogDerivative(x).Should().BeApproximately(Math.Log(slope), 1e-8);
    }

    [Theory]
    [InlineData(-7.0)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(25.0)]
    public void Asinh_ScoreInX_IsTheDerivativeOfTheLogDensityInX(double x)
    {
        // U standard normal: log p_X(x) = log φ(u(x)) + log u'(x), whose derivative the map gives from ψ_U(u) = −u.
        double LogDensityInX(double point) => (-0.5 * Asinh.ToU(point) * Asinh.ToU(point)) + Asinh.LogDerivative(point);
        const double h = 1e-5;
        var expected = (LogDensityInX(x + h) - LogDensityInX(x - h)) / (2 * h);

        Asinh.ScoreInX(x, -Asinh.ToU(x)).Should().BeApproximately(expected, 1e-7);
    }

    [Theory]
    [InlineData(1e200)]
    [InlineData(-1e200)]
    public void Asinh_FarBeyondWhereTheSquareOverflows_StaysFiniteAndRight(double x)
    {
        // |z| = 5·10¹⁹⁹: 1 + z² overflows, but log(1 + z²) ≈ 2 log|z| and √(1 + z²) ≈ |z|.
        var z = (x - 1) / 2;

        Asinh.LogDerivative(x).Should().BeApproximately(-Math.Log(2) - Math.Log(Math.Abs(z)), 1e-12);
        var score = Asinh.ScoreInX(x, -3);
        var expected = (-3 - Math.Sign(z)) / (2 * Math.Abs(z));
        score.Should().BeApproximately(expected, 1e-12 * Math.Abs(expected));
    }

    [Fact]
    public void Asinh_JustBelowAndAboveTheOverflowGuard_Agree()
    {
        // Either side of |z| = 10¹⁵⁰ the two forms of log(1 + z²) and √(1 + z²) give the same values.
        var below = 1 + (2 * 0.999999e150);
        var above = 1 + (2 * 1.000001e150);

        (Asinh.LogDerivative(above) - Asinh.LogDerivative(below)).Should().BeApproximately(-Math.Log(1.000001 / 0.999999), 1e-12);
        (Asinh.ScoreInX(above, 0) / Asinh.ScoreInX(below, 0)).Should().BeApproximately(0.999999 / 1.000001, 1e-12);
    }
}
