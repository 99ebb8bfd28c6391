using FiniteDifferenceScoreMatching.Losses;
using TorchSharp;
using Xunit.Abstractions;

namespace FiniteDifferenceScoreMatching.Tests.Losses;

/// <summary>The identities that make score matching work, checked numerically on a smooth network and the seed's mixture.</summary>
public class ScoreMatchingIdentityTests(ITestOutputHelper output)
{
    [Fact]
    public void ExplicitMinusImplicit_TwoParameterSettings_IsTheSameConstant()
    {
        // Integration by parts: J_ESM(θ) = J_ISM(θ) + ½ ∫ p ψ_X² dx for every θ.
        var wide = new UniformGrid(-20, 20, 4001);
        var target = GridTarget.Tabulate(wide, SeedProblem.Mixture.Density, SeedProblem.Mixture.Score);
        var constant = 0.5 * wide.Integrate(wide.Evaluate(x => SeedProblem.Mixture.Density(x) * Math.Pow(SeedProblem.Mixture.Score(x), 2)));
        using var esm = new ExplicitScoreMatchingLoss(target);
        using var ism = new ImplicitScoreMatchingLoss(target);

        var differences = new[] { 21L, 22L }.Select(seed =>
        {
            using var model = TestModels.Smooth(seed);
            using var e = esm.Compute(model);
            using var i = ism.Compute(model);
            return e.ToDouble() - i.ToDouble();
        }).ToList();

        output.WriteLine($"ESM − ISM: {differences[0]:F6} and {differences[1]:F6}; ½ ∫ p ψ_X² dx = {constant:F6}");
        differences[0].Should().BeApproximately(differences[1], 1e-3);
        differences[0].Should().BeApproximately(constant, 1e-3);
    }

    [Fact]
    public void EmpiricalFiniteDifferenceError_AgainstExactImplicit_ShrinksLikeDeltaSquared()
    {
        var samples = SeedProblem.Samples();
        using var model = TestModels.Smooth(31);
        using var exact = new ImplicitScoreMatchingLoss(samples);
        using var exactValue = exact.Compute(model);
        var reference = exactValue.ToDouble();

        double Error(double delta)
        {
            using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples, delta);
            using var value = loss.Compute(model);
            return Math.Abs(value.ToDouble() - reference);
        }

        var ratio = Error(1e-2) / Error(1e-3);
        output.WriteLine($"error of the finite-difference loss at δ = 1e-2 over its error at δ = 1e-3: {ratio:F2}");

        // Second order: a decade of δ is two decades of error (a first-order scheme would give 10).
        ratio.Should().BeInRange(90, 110);
    }
}
