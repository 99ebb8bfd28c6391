using TorchSharp;
using FiniteDifferenceScoreMatching.Fitting;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Fitting;

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

        var coefficients = SplineScoreMatching.Solve(a, b, samples.Length, SplineScoreMatching.DifferencePenalty(basis.Count, 3), 0);

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
    public void Solve_LargePenalty_LeavesAQuadraticScore()
    {
        // Third differences of the coefficients vanish for a quadratic spline; a huge penalty keeps only those.
        var random = new Random(5);
        var samples = Enumerable.Range(0, 500).Select(_ => Normal(random)).ToArray();
        var basis = new CubicBSplineBasis(SplineScoreMatching.QuantileKnots(samples.Order().ToArray(), 12));
        var a = new double[basis.Count * basis.Count];
        var b = new double[basis.Count];
        foreach (var x in samples)
        {
            SplineScoreMatching.Accumulate(basis, x, 0.01, a, b);
        }

        var coefficients = SplineScoreMatching.Solve(a, b, samples.Length, SplineScoreMatching.DifferencePenalty(basis.Count, 3), 1e9);

        var third = Enumerable.Range(0, basis.Count - 3).Max(i => Math.Abs(coefficients[i + 3] - (3 * coefficients[i + 2]) + (3 * coefficients[i + 1]) - coefficients[i]));
        third.Should().BeLessThan(1e-6);
    }

    [Fact]
    public void DifferencePenalty_IsTheGramMatrixOfTheDifferenceOperator()
    {
        var penalty = SplineScoreMatching.DifferencePenalty(5, 2);
        double[] coefficients = [1, 4, 9, 16, 25];

        // Second differences of squares are all 2: three of them, so θᵀPθ = 3 · 4.
        var value = 0.0;
        for (var i = 0; i < 5; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                value += coefficients[i] * penalty[(i * 5) + j] * coefficients[j];
            }
        }

        value.Should().BeApproximately(12, 1e-12);
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
}
