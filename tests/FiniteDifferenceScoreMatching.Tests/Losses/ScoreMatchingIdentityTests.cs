using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
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
    public void ExplicitMinusImplicit_InTwoDimensions_IsTheSameConstant()
    {
        // J_ESM(θ) = ½ E‖ψ − ∇log p‖² and J_ISM(θ) = E[½ ‖ψ‖² + tr ∂ψ/∂x] differ by ½ E‖∇log p‖² for every θ. Both are
        // integrated by the midpoint rule on a square grid wide enough that p vanishes at its edges.
        var mixture = MultivariateGaussianMixture.Diagonal([0.4, 0.4, 0.2], [[-3.0, -3.0], [3.0, 3.0], [-1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]);
        const int Side = 401;
        const double Low = -10, Step = 20.0 / Side;
        var points = new double[Side * Side, 2];
        for (var i = 0; i < Side; i++)
        {
            for (var j = 0; j < Side; j++)
            {
                (points[(i * Side) + j, 0], points[(i * Side) + j, 1]) = (Low + ((i + 0.5) * Step), Low + ((j + 0.5) * Step));
            }
        }

        var truth = mixture.Score(points);
        var weights = mixture.DensityLn(points).Select(l => Math.Exp(l) * Step * Step).ToArray();
        var constant = 0.5 * Enumerable.Range(0, Side * Side).Sum(n => weights[n] * ((truth[n, 0] * truth[n, 0]) + (truth[n, 1] * truth[n, 1])));

        var differences = new[] { 21L, 22L }.Select(seed =>
        {
            using var model = new MlpScoreModel(seed, new MlpOptions { Dimension = 2, HiddenWidths = [16], Activation = Activation.Tanh, DType = torch.ScalarType.Float64 });
            using var scope = torch.NewDisposeScope();
            var flat = new double[points.Length];
            Buffer.BlockCopy(points, 0, flat, 0, flat.Length * sizeof(double));
            var x = torch.tensor(flat, [Side * Side, 2]).requires_grad_(true);
            var score = model.Score(x);
            var trace = Enumerable.Range(0, 2)
                .Select(i => torch.autograd.grad([score.select(1, i).sum()], [x], retain_graph: true)[0].select(1, i))
                .Aggregate((a, b) => a + b);
            var psi = score.detach().data<double>().ToArray();
            var divergence = trace.data<double>().ToArray();
            var (explicitLoss, implicitLoss) = (0.0, 0.0);
            for (var n = 0; n < Side * Side; n++)
            {
                var (a, b) = (psi[2 * n], psi[(2 * n) + 1]);
                explicitLoss += weights[n] * 0.5 * (Math.Pow(a - truth[n, 0], 2) + Math.Pow(b - truth[n, 1], 2));
                implicitLoss += weights[n] * ((0.5 * ((a * a) + (b * b))) + divergence[n]);
            }

            return explicitLoss - implicitLoss;
        }).ToList();

        output.WriteLine($"ESM − ISM in 2-D: {differences[0]:F6} and {differences[1]:F6}; ½ E‖∇log p‖² = {constant:F6}");
        differences[0].Should().BeApproximately(differences[1], 1e-3);
        differences[0].Should().BeApproximately(constant, 1e-3);
        differences[1].Should().BeApproximately(constant, 1e-3);
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
