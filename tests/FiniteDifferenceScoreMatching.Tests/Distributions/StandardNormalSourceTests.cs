using FiniteDifferenceScoreMatching.Distributions;

namespace FiniteDifferenceScoreMatching.Tests.Distributions;

/// <summary>
/// Marsaglia's polar method against draws worked out by hand: a pair (u, v) = (2a − 1, 2b − 1) is kept only inside the
/// open unit disc without its centre, gives u·f and v·f with f = √(−2 ln s / s), s = u² + v², and the second value
/// is kept for the next call.
/// </summary>
public sealed class StandardNormalSourceTests
{
    [Fact]
    public void Next_GivesBothValuesOfAPair_DrawingTwoUniformsOnly()
    {
        var random = ScriptedRandom.Sequence(0.9, 0.25);
        var normal = new StandardNormalSource(random);

        // u = 0.8, v = −0.5, s = 0.89.
        var factor = Math.Sqrt(-2 * Math.Log(0.89) / 0.89);
        var first = normal.Next();
        var second = normal.Next();

        first.Should().BeApproximately(0.8 * factor, 1e-14);
        second.Should().BeApproximately(-0.5 * factor, 1e-14);
        random.Remaining.Should().Be(0);
    }

    [Fact]
    public void Next_RejectsTheCentreAndTheUnitCircleItself()
    {
        // (0, 0) has s = 0 and (0, −1) has s = 1: both are drawn again; (0.5, 0.5) is kept, s = 0.5.
        var random = ScriptedRandom.Sequence(0.5, 0.5, 0.5, 0.0, 0.75, 0.75);
        var normal = new StandardNormalSource(random);

        var factor = Math.Sqrt(-2 * Math.Log(0.5) / 0.5);
        normal.Next().Should().BeApproximately(0.5 * factor, 1e-14);
        normal.Next().Should().BeApproximately(0.5 * factor, 1e-14);
        random.Remaining.Should().Be(0);
    }

    [Fact]
    public void Next_RejectsPointsOutsideTheDisc()
    {
        // (0.9, 0.9) has s = 1.62 and is drawn again; (−0.6, 0.2) is kept, s = 0.4.
        var random = ScriptedRandom.Sequence(0.95, 0.95, 0.2, 0.6);
        var normal = new StandardNormalSource(random);

        var factor = Math.Sqrt(-2 * Math.Log(0.4) / 0.4);
        normal.Next().Should().BeApproximately(-0.6 * factor, 1e-14);
        normal.Next().Should().BeApproximately(0.2 * factor, 1e-14);
    }
}
