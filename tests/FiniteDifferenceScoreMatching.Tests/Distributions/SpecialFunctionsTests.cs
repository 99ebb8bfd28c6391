using FiniteDifferenceScoreMatching.Distributions;

namespace FiniteDifferenceScoreMatching.Tests.Distributions;

/// <summary>erfc against correctly rounded references and at its edges; log-sum-exp against closed forms and at ±∞.</summary>
public sealed class SpecialFunctionsTests
{
    /// <summary>
    /// Relative tolerance against the references, which are correctly rounded (40-digit mpmath); the implementation
    /// stays below 5e-15 on a dense scan of [−6, 26.5].
    /// </summary>
    private const double RelativeTolerance = 2e-14;

    [Theory]
    [InlineData(0.1, 0.8875370839817151)]
    [InlineData(0.25, 0.72367360983176307)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(0.75, 0.28884436634648487)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(1.2, 0.089686021770364632)]
    [InlineData(1.25, 0.07709987174354177)]
    [InlineData(1.3, 0.065992055059347554)]
    [InlineData(1.5, 0.033894853524689273)]
    [InlineData(2.0, 0.004677734981047266)]
    [InlineData(2.5, 0.00040695201744495894)]
    [InlineData(2.9, 4.1097878099458858e-5)]
    [InlineData(3.0, 2.209049699858544e-05)]
    [InlineData(3.7, 1.6715105790914598e-7)]
    [InlineData(4.0, 1.5417257900280019e-8)]
    [InlineData(5.0, 1.5374597944280349e-12)]
    [InlineData(7.3, 5.5025737506919224e-25)]
    [InlineData(10.0, 2.0884875837625448e-45)]
    [InlineData(13.37, 9.7938173641224683e-80)]
    [InlineData(20.0, 5.3958656116079009e-176)]
    [InlineData(24.42, 2.3862071937690401e-261)]
    [InlineData(26.0, 5.6631924088561428e-296)]
    [InlineData(-0.5, 1.5204998778130465)]
    [InlineData(-1.0, 1.8427007929497148)]
    [InlineData(-2.0, 1.9953222650189527)]
    public void Erfc_KnownValues_MatchToRelative2e14(double x, double expected)
    {
        var actual = SpecialFunctions.Erfc(x);

        Math.Abs(actual - expected).Should().BeLessThanOrEqualTo(RelativeTolerance * expected, $"erfc({x}) = {expected:R}, got {actual:R}");
    }

    [Fact]
    public void Erfc_Zero_IsOne()
    {
        SpecialFunctions.Erfc(0.0).Should().Be(1.0);
    }

    [Fact]
    public void Erfc_Infinities_AreZeroAndTwo()
    {
        SpecialFunctions.Erfc(double.PositiveInfinity).Should().Be(0.0);
        SpecialFunctions.Erfc(double.NegativeInfinity).Should().Be(2.0);
    }

    [Fact]
    public void Erfc_NaN_IsNaN()
    {
        double.IsNaN(SpecialFunctions.Erfc(double.NaN)).Should().BeTrue();
    }

    [Fact]
    public void Erfc_BeyondUnderflow_IsZeroNotNaN()
    {
        SpecialFunctions.Erfc(40.0).Should().Be(0.0);
        SpecialFunctions.Erfc(1e300).Should().Be(0.0);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.1)]
    [InlineData(2.7)]
    public void Erfc_Reflection_SumsToTwo(double x)
    {
        (SpecialFunctions.Erfc(x) + SpecialFunctions.Erfc(-x)).Should().BeApproximately(2.0, 1e-15);
    }

    [Fact]
    public void Erfc_AcrossMethodSwitch_IsDecreasingAndContinuous()
    {
        // The series and the continued fraction meet at 1.25; a mismatch there would show as a jump or a rise.
        var previous = SpecialFunctions.Erfc(1.2);
        for (var i = 1; i <= 1000; i++)
        {
            var x = 1.2 + (i * 1e-4);
            var current = SpecialFunctions.Erfc(x);
            current.Should().BeLessThan(previous, $"erfc must decrease at x = {x}");

            // |erfc'(x)| = (2/√π) e^(−x²) ≤ 0.27 here, so a step of 1e-4 changes the value by at most 2.7e-5.
            (previous - current).Should().BeLessThan(2.7e-5);
            previous = current;
        }
    }

    [Fact]
    public void LogSumExp_KnownSums()
    {
        SpecialFunctions.LogSumExp([Math.Log(2), Math.Log(3)]).Should().BeApproximately(Math.Log(5), 1e-15);
        SpecialFunctions.LogSumExp([0.0]).Should().Be(0.0);
        SpecialFunctions.LogSumExp([-1.5, double.NegativeInfinity]).Should().BeApproximately(-1.5, 1e-15);

        // e^1000 overflows, the sum of two of them does not in log space: 1000 + ln 2.
        SpecialFunctions.LogSumExp([1000.0, 1000.0]).Should().BeApproximately(1000 + Math.Log(2), 1e-12);
        SpecialFunctions.LogSumExp([-1000.0, -1000.0, -1000.0]).Should().BeApproximately(-1000 + Math.Log(3), 1e-12);
    }

    [Fact]
    public void LogSumExp_WithoutAFiniteLargest_IsThatLargest()
    {
        SpecialFunctions.LogSumExp([]).Should().Be(double.NegativeInfinity);
        SpecialFunctions.LogSumExp([double.NegativeInfinity, double.NegativeInfinity]).Should().Be(double.NegativeInfinity);
        SpecialFunctions.LogSumExp([1.0, double.PositiveInfinity]).Should().Be(double.PositiveInfinity);
    }
}
