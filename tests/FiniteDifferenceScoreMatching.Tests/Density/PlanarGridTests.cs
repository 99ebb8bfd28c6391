using FiniteDifferenceScoreMatching.Density;

namespace FiniteDifferenceScoreMatching.Tests.Density;

public sealed class PlanarGridTests
{
    [Fact]
    public void Ctor_EvenlySpacedNodes_IncludeBothEndsExactly()
    {
        var grid = new PlanarGrid(-1, 0.7, 2, 3, 18, 4);

        grid.XStep.Should().BeApproximately(0.1, 1e-15);
        grid.YStep.Should().BeApproximately(1.0 / 3, 1e-15);
        (grid.XMin, grid.XMax, grid.YMin, grid.YMax, grid.XCount, grid.YCount).Should().Be((-1, 0.7, 2, 3, 18, 4));
        grid.X(0).Should().Be(-1);
        grid.X(17).Should().Be(0.7);
        grid.Y(3).Should().Be(3);
        grid.X(5).Should().BeApproximately(-0.5, 1e-15);
        grid.Y(1).Should().BeApproximately(2 + (1.0 / 3), 1e-15);
    }

    [Fact]
    public void Points_RowIYCountPlusJ_HoldsXiAndYj()
    {
        var grid = new PlanarGrid(0, 2, 10, 13, 3, 4);

        var points = grid.Points();

        points.GetLength(0).Should().Be(12);
        points.GetLength(1).Should().Be(2);
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                points[(i * 4) + j, 0].Should().Be(grid.X(i));
                points[(i * 4) + j, 1].Should().Be(grid.Y(j));
            }
        }
    }

    [Fact]
    public void Integrate_Bilinear_IsExact()
    {
        // The trapezoid rule is exact for functions linear in each coordinate: ∫∫ (1 + x + 2y + xy) over [0, 2] × [−1, 3] = 8 + 8 + 16 + 8.
        var grid = new PlanarGrid(0, 2, -1, 3, 5, 9);
        var values = new double[5, 9];
        for (var i = 0; i < 5; i++)
        {
            for (var j = 0; j < 9; j++)
            {
                var (x, y) = (grid.X(i), grid.Y(j));
                values[i, j] = 1 + x + (2 * y) + (x * y);
            }
        }

        grid.Integrate(values).Should().BeApproximately(40, 1e-12);
    }

    public static TheoryData<string, Action, Type, string, string> BadArguments => new()
    {
        { "xMin NaN", () => _ = new PlanarGrid(double.NaN, 1, 0, 1, 3, 3), typeof(ArgumentOutOfRangeException), "xMin", "*NaN*" },
        { "xMax not above xMin", () => _ = new PlanarGrid(1, 1, 0, 1, 3, 3), typeof(ArgumentOutOfRangeException), "xMax", "*greater than*" },
        { "yMin infinite", () => _ = new PlanarGrid(0, 1, double.NegativeInfinity, 1, 3, 3), typeof(ArgumentOutOfRangeException), "yMin", "*finite*" },
        { "yMax below yMin", () => _ = new PlanarGrid(0, 1, 0, -1, 3, 3), typeof(ArgumentOutOfRangeException), "yMax", "*-1*" },
        { "yMax infinite", () => _ = new PlanarGrid(0, 1, 0, double.PositiveInfinity, 3, 3), typeof(ArgumentOutOfRangeException), "yMax", "*finite*" },
        { "width overflows", () => _ = new PlanarGrid(-1e308, 1e308, 0, 1, 3, 3), typeof(ArgumentOutOfRangeException), "xMax", "*larger than a double*" },
        { "xCount 2", () => _ = new PlanarGrid(0, 1, 0, 1, 2, 3), typeof(ArgumentOutOfRangeException), "xCount", "*at least 3*" },
        { "yCount 0", () => _ = new PlanarGrid(0, 1, 0, 1, 3, 0), typeof(ArgumentOutOfRangeException), "yCount", "*at least 3*" },
        { "x step below the values' precision", () => _ = new PlanarGrid(1e16, 1e16 + 4, 0, 1, 5, 3), typeof(ArgumentOutOfRangeException), "xCount", "*closer than double precision*" },
        { "y step below the values' precision", () => _ = new PlanarGrid(0, 1, 1, 1 + 1e-15, 3, 100), typeof(ArgumentOutOfRangeException), "yCount", "*closer than double precision*" },
        { "step subnormal", () => _ = new PlanarGrid(0, 1e-310, 0, 1, 3, 3), typeof(ArgumentOutOfRangeException), "xCount", "*smallest normal double*" },
        { "too many nodes", () => _ = new PlanarGrid(0, 1, 0, 1, 100_000, 100_000), typeof(ArgumentOutOfRangeException), "yCount", "*more nodes than an array*" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Ctor_BadArgument_ThrowsNamingIt(string label, Action act, Type exception, string parameter, string message)
    {
        _ = label;
        var thrown = act.Should().Throw<ArgumentException>().Which;

        thrown.Should().BeOfType(exception);
        thrown.ParamName.Should().Be(parameter);
        thrown.Message.Should().Match(message);
    }

    [Fact]
    public void XAndY_IndexOutsideTheGrid_Throw()
    {
        var grid = new PlanarGrid(0, 1, 0, 1, 3, 4);

        ((Action)(() => grid.X(-1))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("i");
        ((Action)(() => grid.X(3))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("i");
        ((Action)(() => grid.Y(4))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("j");
        grid.Y(3).Should().Be(1);
    }
}
