using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Metrics;

namespace FiniteDifferenceScoreMatching.Tests.Metrics;

public sealed class SampleDistancesTests
{
    private static readonly MultivariateGaussianMixture Normal = MultivariateGaussianMixture.Diagonal([1.0], [[0.0, 0.0]], [[1.0, 1.0]]);
    private static readonly MultivariateGaussianMixture Shifted = MultivariateGaussianMixture.Diagonal([1.0], [[1.0, 0.0]], [[1.0, 1.0]]);

    [Fact]
    public void Statistics_SameDistribution_NearZero_ShiftedOne_Positive()
    {
        var a = Normal.Sample(new Random(1), 400);
        var b = Normal.Sample(new Random(2), 400);
        var c = Shifted.Sample(new Random(3), 400);

        Math.Abs(SampleDistances.MaximumMeanDiscrepancySquared(a, b)).Should().BeLessThan(0.01);
        SampleDistances.MaximumMeanDiscrepancySquared(a, c).Should().BeGreaterThan(0.05);
        Math.Abs(SampleDistances.EnergyDistance(a, b)).Should().BeLessThan(0.03);
        SampleDistances.EnergyDistance(a, c).Should().BeGreaterThan(0.2);
        SampleDistances.EnergyDistance(a, c).Should().BeApproximately(SampleDistances.EnergyDistance(c, a), 1e-12);
    }

    [Fact]
    public void MaximumMeanDiscrepancySquared_TwoPointsEach_IsTheKernelFormula()
    {
        double[,] x = { { 0, 0 }, { 1, 0 } };
        double[,] y = { { 0, 1 }, { 2, 2 } };
        static double K(double squared) => Math.Exp(-squared / 2);

        var expected = K(1) + K(5) - (0.5 * (K(1) + K(8) + K(2) + K(5)));

        SampleDistances.MaximumMeanDiscrepancySquared(x, y, bandwidth: 1).Should().BeApproximately(expected, 1e-15);
    }

    [Fact]
    public void MedianDistance_IsTheMedianOverDistinctPooledPairs_AndTheDefaultBandwidth()
    {
        double[,] x = { { 0, 0 }, { 3, 0 } };
        double[,] y = { { 0, 4 }, { 6, 8 } };

        // Pairwise distances: 3, 4, 10, 5, √73, √52; sorted (3, 4, 5, √52, √73, 10), the element at index 3 of 6 is √52.
        SampleDistances.MedianDistance(x, y).Should().BeApproximately(Math.Sqrt(52), 1e-12);

        var a = Normal.Sample(new Random(7), 50);
        var b = Shifted.Sample(new Random(8), 50);
        SampleDistances.MaximumMeanDiscrepancySquared(a, b).Should().Be(SampleDistances.MaximumMeanDiscrepancySquared(a, b, SampleDistances.MedianDistance(a, b)));
    }

    [Fact]
    public void PermutationTest_ShiftedSamples_SmallPValue_SameDistribution_Calibrated()
    {
        var a = Normal.Sample(new Random(4), 150);

        var shifted = SampleDistances.PermutationTest(a, Shifted.Sample(new Random(5), 150), SampleDistances.EnergyDistance, 99, new Random(6));
        var same = Enumerable.Range(0, 20)
            .Select(t => SampleDistances.PermutationTest(Normal.Sample(new Random(100 + t), 60), Normal.Sample(new Random(200 + t), 60), SampleDistances.EnergyDistance, 99, new Random(300 + t)))
            .ToList();

        shifted.PValue.Should().Be(0.01);
        shifted.Observed.Should().BeGreaterThan(shifted.NullQuantile(1));

        // Under the null the p-value is uniform: at most 4 of 20 at or below 0.05 has probability 0.997.
        same.Count(r => r.PValue <= 0.05).Should().BeLessThanOrEqualTo(4);
        same[0].NullValues.Should().HaveCount(99).And.BeInAscendingOrder();
        same[0].NullQuantile(0).Should().Be(same[0].NullValues[0]);
    }

    [Fact]
    public void Statistics_BadArguments_ThrowNamingThem()
    {
        var a = new double[3, 2];
        ((Action)(() => SampleDistances.EnergyDistance(a, new double[1, 2]))).Should().Throw<ArgumentException>().WithParameterName("y");
        ((Action)(() => SampleDistances.EnergyDistance(a, new double[3, 3]))).Should().Throw<ArgumentException>().WithParameterName("y").WithMessage("*2 and 3 coordinates*");
        ((Action)(() => SampleDistances.MaximumMeanDiscrepancySquared(a, a, bandwidth: 0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("bandwidth");
        ((Action)(() => SampleDistances.PermutationTest(a, a, SampleDistances.EnergyDistance, 5, new Random(1)))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("permutations");
    }
}
