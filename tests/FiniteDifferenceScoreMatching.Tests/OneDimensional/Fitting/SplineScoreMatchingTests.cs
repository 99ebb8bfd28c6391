using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional.Fitting;

public sealed class SplineScoreMatchingTests(ITestOutputHelper output)
{
    [Fact]
    public void Solve_WithoutPenalty_MinimisesTheLibrarysFiniteDifferenceLoss()
    {
        var random = new Random(3);
        var samples = Enumerable.Range(0, 400).Select(_ => Normal(random)).ToArray();
        var sorted = samples.Order().ToArray();
        var basis = new CubicBSplineBasis(SplineScoreMatching.QuantileKnots(sorted, 8));
        var delta = 0.05;
        var a = new double[basis.Count * basis.Count];
        var b = new double[basis.Count];
        foreach (var x in samples)
        {
            SplineScoreMatching.Accumulate(basis, x, delta, a, b);
        }

        var coefficients = SplineScoreMatching.Solve(a, b, samples.Length, SplineScoreMatching.CurvaturePenalty(basis), 0);

        // The same loss, computed by the library's empirical finite-difference loss on the model, with its gradient.
        using var model = new SplineScoreModel(basis.Knots, coefficients, center: 0, scale: 1, sinhArcsinh: false);
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples, delta);
        using var scope = NewDisposeScope();
        var value = loss.Compute(model);
        value.backward();
        var gradient = model.NamedParameters().Single().Parameter.grad!.abs().max().ToDouble();
        var quadratic = 0.0;
        for (var i = 0; i < basis.Count; i++)
        {
            quadratic += coefficients[i] * b[i] / samples.Length;
            for (var j = 0; j < basis.Count; j++)
            {
                quadratic += 0.5 * coefficients[i] * a[(i * basis.Count) + j] * coefficients[j] / samples.Length;
            }
        }

        output.WriteLine($"loss {value.ToDouble():R} (quadratic form {quadratic:R}); largest gradient entry at the solution {gradient:E2}");
        value.ToDouble().Should().BeApproximately(quadratic, 1e-10);
        gradient.Should().BeLessThan(1e-8);
    }

    [Fact]
    public void Solve_LargePenalty_LeavesTheLinearScoreOfTheSamplesMeanAndVariance()
    {
        // The curvature penalty vanishes only on linear scores; among them score matching picks −(u − mean) / variance,
        // the Gaussian of the samples' own moments. The outer knots lie beyond the samples, so that no finite difference
        // reaches past the spline's ends, where it is held constant.
        var random = new Random(5);
        var samples = Enumerable.Range(0, 500).Select(_ => 1 + (2 * Normal(random))).ToArray();
        var knots = SplineScoreMatching.QuantileKnots(samples.Order().ToArray(), 12);
        (knots[0], knots[^1]) = (knots[0] - 1, knots[^1] + 1);
        var basis = new CubicBSplineBasis(knots);
        var a = new double[basis.Count * basis.Count];
        var b = new double[basis.Count];
        foreach (var x in samples)
        {
            SplineScoreMatching.Accumulate(basis, x, 0.01, a, b);
        }

        var coefficients = SplineScoreMatching.Solve(a, b, samples.Length, SplineScoreMatching.CurvaturePenalty(basis), 1e9);

        var mean = samples.Average();
        var variance = samples.Average(x => (x - mean) * (x - mean));
        var worst = Enumerable.Range(0, 21).Select(i => basis.Lower + ((basis.Upper - basis.Lower) * i / 20)).Max(u => Math.Abs(basis.Spline(coefficients, u) + ((u - mean) / variance)));
        output.WriteLine($"largest departure from −(u − {mean:F4}) / {variance:F4} over the knots: {worst:E2}");
        worst.Should().BeLessThan(1e-4);
    }

    [Fact]
    public void CurvaturePenalty_IsTheIntegralOfTheSquaredSecondDerivative_AndVanishesOnConstants()
    {
        var basis = new CubicBSplineBasis([-3, -2.5, -0.4, 0, 0.1, 1.7, 4]);
        var penalty = SplineScoreMatching.CurvaturePenalty(basis);
        var random = new Random(7);
        var coefficients = Enumerable.Range(0, basis.Count).Select(_ => random.NextDouble() - 0.5).ToArray();

        // ∫ ψ''² by the midpoint rule with second differences of the spline itself, on a fine grid.
        const int Steps = 200_000;
        var h = (basis.Upper - basis.Lower) / Steps;
        var integral = 0.0;
        for (var k = 0; k < Steps; k++)
        {
            var u = basis.Lower + ((k + 0.5) * h);
            var e = 1e-3 * h;
            var second = (basis.Spline(coefficients, u + e) - (2 * basis.Spline(coefficients, u)) + basis.Spline(coefficients, u - e)) / (e * e);
            integral += second * second * h;
        }

        Quadratic(penalty, coefficients).Should().BeApproximately(integral, 1e-3 * integral);
        Quadratic(penalty, Enumerable.Repeat(2.5, basis.Count).ToArray()).Should().BeApproximately(0, 1e-9);
    }

    [Fact]
    public void QuantileKnots_RepeatedSamples_AreStrictlyIncreasingAndCoverTheSamples()
    {
        double[] sorted = [0, 0, 0, 0, 1, 1, 1, 2, 2, 5];

        var knots = SplineScoreMatching.QuantileKnots(sorted, 8);

        knots.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        knots[0].Should().Be(0);
        knots[^1].Should().Be(5);
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Quadratic(double[] matrix, double[] vector)
    {
        var value = 0.0;
        for (var i = 0; i < vector.Length; i++)
        {
            for (var j = 0; j < vector.Length; j++)
            {
                value += vector[i] * matrix[(i * vector.Length) + j] * vector[j];
            }
        }

        return value;
    }
}
