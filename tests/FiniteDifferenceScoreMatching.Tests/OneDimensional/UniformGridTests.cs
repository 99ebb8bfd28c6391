using FiniteDifferenceScoreMatching.OneDimensional;
namespace FiniteDifferenceScoreMatching.Tests.OneDimensional;

public sealed class UniformGridTests
{
    [Fact]
    public void Ctor_NotebookGrid_HasExpectedStepAndEnds()
    {
        var grid = new UniformGrid(-10.0, 10.0, 200);

        grid.Count.Should().Be(200);
        grid.Start.Should().Be(-10.0);
        grid.Stop.Should().Be(10.0);
        grid.Step.Should().Be(20.0 / 199.0);
        grid.Points.Should().HaveCount(200);
        grid[0].Should().Be(-10.0);
        grid[1].Should().BeApproximately(-10.0 + (20.0 / 199.0), 1e-15);
    }

    [Theory]
    [InlineData(-10.0, 10.0, 200)]
    [InlineData(0.0, 0.3, 4)]
    [InlineData(-1.0 / 3.0, 2.0 / 7.0, 1001)]
    public void Ctor_LastPoint_IsExactlyStop(double start, double stop, int count)
    {
        var grid = new UniformGrid(start, stop, count);

        grid[count - 1].Should().Be(stop);
        grid.Points[^1].Should().Be(stop);
    }

    [Fact]
    public void Points_AreAscendingAndEquallySpaced()
    {
        var grid = new UniformGrid(-3.0, 5.0, 81);

        for (var i = 1; i < grid.Count; i++)
        {
            (grid[i] - grid[i - 1]).Should().BeApproximately(0.1, 1e-13);
        }
    }

    [Fact]
    public void Integrate_LinearFunction_IsExact()
    {
        // ∫₋₁³ (2x + 1) dx = [x² + x]₋₁³ = 12, which the trapezoid rule reproduces exactly.
        var grid = new UniformGrid(-1.0, 3.0, 37);

        var integral = grid.Integrate(grid.Evaluate(x => (2.0 * x) + 1.0));

        integral.Should().BeApproximately(12.0, 1e-13);
    }

    [Fact]
    public void Integrate_Quadratic_HasTrapezoidError()
    {
        // ∫₀¹ x² dx = 1/3; the trapezoid rule's error (b − a) h² f''/12 is exact for a quadratic: 0.1²/6.
        var grid = new UniformGrid(0.0, 1.0, 11);

        var integral = grid.Integrate(grid.Evaluate(x => x * x));

        integral.Should().BeApproximately((1.0 / 3.0) + (0.01 / 6.0), 1e-14);
    }

    [Fact]
    public void Evaluate_AppliesFunctionAtEveryPoint()
    {
        var grid = new UniformGrid(0.0, 1.0, 5);

        grid.Evaluate(x => 4.0 * x).Should().Equal(0.0, 1.0, 2.0, 3.0, 4.0);
    }

    [Theory]
    [InlineData(double.NaN, 1.0, 10, "start")]
    [InlineData(double.NegativeInfinity, 1.0, 10, "start")]
    [InlineData(0.0, double.PositiveInfinity, 10, "stop")]
    [InlineData(0.0, double.NaN, 10, "stop")]
    [InlineData(1.0, 1.0, 10, "stop")]
    [InlineData(2.0, 1.0, 10, "stop")]
    [InlineData(0.0, 1.0, 1, "count")]
    [InlineData(0.0, 1.0, 0, "count")]
    [InlineData(0.0, 1.0, -5, "count")]
    public void Ctor_InvalidArguments_Throw(double start, double stop, int count, string parameterName)
    {
        var act = () => new UniformGrid(start, stop, count);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(parameterName);
    }

    [Fact]
    public void Integrate_Null_Throws()
    {
        var grid = new UniformGrid(0.0, 1.0, 5);

        var act = () => grid.Integrate(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("values");
    }

    [Fact]
    public void Integrate_WrongLength_Throws()
    {
        var grid = new UniformGrid(0.0, 1.0, 5);

        var act = () => grid.Integrate(new double[4]);

        act.Should().Throw<ArgumentException>().WithParameterName("values").WithMessage("*5 grid points*got 4*");
    }

    [Fact]
    public void Evaluate_Null_Throws()
    {
        var grid = new UniformGrid(0.0, 1.0, 5);

        var act = () => grid.Evaluate(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("function");
    }
}
