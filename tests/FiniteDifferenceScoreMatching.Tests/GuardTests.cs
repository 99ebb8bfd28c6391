namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>The shared argument checks: where each draws its line, and what its message shows.</summary>
public sealed class GuardTests
{
    [Fact]
    public void ThrowIfAnyNotFinite_NamesTheFirstBadIndexAndItsValue()
    {
        Guard.ThrowIfAnyNotFinite([0.0, -1e308, double.Epsilon], "values");

        ((Action)(() => Guard.ThrowIfAnyNotFinite(null!, "values"))).Should().Throw<ArgumentNullException>().WithParameterName("values");
        ((Action)(() => Guard.ThrowIfAnyNotFinite([1.0, 2.0, double.NegativeInfinity, double.NaN], "values")))
            .Should().Throw<ArgumentException>().WithParameterName("values").WithMessage($"*value at index 2 is {double.NegativeInfinity}.*", "the first bad value is the one named");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void ThrowIfNotFinite_NotFinite_ThrowsWithTheValue(double value)
    {
        var act = () => Guard.ThrowIfNotFinite(value, "x");

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("x").Which.ActualValue.Should().Be(value);
    }

    [Theory]
    [InlineData(-1e308)]
    [InlineData(0.0)]
    [InlineData(1e308)]
    public void ThrowIfNotFinite_Finite_Passes(double value) => Guard.ThrowIfNotFinite(value, "x");

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(-double.Epsilon, false)]
    [InlineData(double.Epsilon, true)]
    [InlineData(double.MaxValue, true)]
    [InlineData(double.PositiveInfinity, false)]
    [InlineData(double.NaN, false)]
    public void ThrowIfNotFinitePositive_DrawsTheLineAtZero(double value, bool passes)
    {
        var act = () => Guard.ThrowIfNotFinitePositive(value, "step");

        if (passes)
        {
            act.Should().NotThrow();
        }
        else
        {
            act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("step").WithMessage("*finite and positive*");
        }
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(double.Epsilon, true)]
    [InlineData(-double.Epsilon, false)]
    [InlineData(double.PositiveInfinity, false)]
    [InlineData(double.NaN, false)]
    public void ThrowIfNegativeOrNotFinite_LetsZeroThrough(double value, bool passes)
    {
        var act = () => Guard.ThrowIfNegativeOrNotFinite(value, "weight");

        if (passes)
        {
            act.Should().NotThrow();
        }
        else
        {
            act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("weight").WithMessage("*finite and not negative*");
        }
    }

    [Fact]
    public void ThrowIfBadPoints_EmptyOrNotFinite_SaysWhichAndWhere()
    {
        Guard.ThrowIfBadPoints(new double[1, 1], "points");

        ((Action)(() => Guard.ThrowIfBadPoints(null!, "points"))).Should().Throw<ArgumentNullException>().WithParameterName("points");
        ((Action)(() => Guard.ThrowIfBadPoints(new double[0, 2], "points"))).Should().Throw<ArgumentException>().WithParameterName("points").WithMessage("*0 × 2*");
        ((Action)(() => Guard.ThrowIfBadPoints(new double[3, 0], "points"))).Should().Throw<ArgumentException>().WithParameterName("points").WithMessage("*3 × 0*");
        var points = new double[3, 2];
        points[2, 1] = double.NaN;
        points[1, 1] = double.PositiveInfinity;
        ((Action)(() => Guard.ThrowIfBadPoints(points, "points"))).Should().Throw<ArgumentException>().WithParameterName("points").WithMessage($"*coordinate 1 of point 1 is {double.PositiveInfinity}.*");
    }

    [Fact]
    public void ThrowIfBadPoints_OfADimension_TakesNoRowsButNotOtherColumns()
    {
        Guard.ThrowIfBadPoints(new double[0, 2], 2, "x");
        Guard.ThrowIfBadPoints(new double[4, 3], 3, "x");

        ((Action)(() => Guard.ThrowIfBadPoints(null!, 2, "x"))).Should().Throw<ArgumentNullException>().WithParameterName("x");
        ((Action)(() => Guard.ThrowIfBadPoints(new double[4, 3], 2, "x"))).Should().Throw<ArgumentException>().WithParameterName("x").WithMessage("*must have 2 columns*have 3*");
        var points = new double[2, 3];
        points[1, 2] = double.NegativeInfinity;
        ((Action)(() => Guard.ThrowIfBadPoints(points, 3, "x"))).Should().Throw<ArgumentException>().WithParameterName("x").WithMessage($"*coordinate 2 of point 1 is {double.NegativeInfinity}.*");
    }
}
