using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.OneDimensional;
using TorchSharp;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional;

/// <summary>
/// Each loss against its closed form for an affine model ψ(x) = a·x + b under the standard normal, whose score is −x:
/// E[x] = 0, E[x²] = 1, so ESM = ½((a + 1)² + b²) and ISM = ½(a² + b²) + a.
/// </summary>
public class LossFormulaTests
{
    private const double A = -0.7;
    private const double B = 0.4;

    private static readonly GridTarget StandardNormal = GridTarget.Tabulate(
        new UniformGrid(-12, 12, 2401),
        x => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI),
        x => -x);

    [Fact]
    public void ExplicitScoreMatching_Affine_IsHalfExpectedSquaredError()
    {
        Evaluate(new ExplicitScoreMatchingLoss(StandardNormal)).Should().BeApproximately(0.5 * (((A + 1) * (A + 1)) + (B * B)), 1e-10);
    }

    [Fact]
    public void ImplicitScoreMatching_OnGrid_Affine_MatchesClosedForm()
    {
        Evaluate(new ImplicitScoreMatchingLoss(StandardNormal)).Should().BeApproximately((0.5 * ((A * A) + (B * B))) + A, 1e-10);
    }

    [Fact]
    public void GridFiniteDifference_Affine_EqualsImplicit()
    {
        // A centred difference is exact for an affine function, so only quadrature error remains.
        Evaluate(new GridFiniteDifferenceScoreMatchingLoss(StandardNormal)).Should().BeApproximately((0.5 * ((A * A) + (B * B))) + A, 1e-10);
    }

    [Fact]
    public void SquaredError_Affine_IsPlainMeanOverGridPoints()
    {
        var expected = StandardNormal.Grid.Points.Average(x => Math.Pow((A * x) + B + x, 2));

        Evaluate(new SquaredErrorLoss(StandardNormal)).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void EmpiricalFiniteDifference_Affine_IsSampleMeanOfIntegrand()
    {
        double[] samples = [-2, 0.5, 1, 3];
        var expected = samples.Average(x => (0.5 * Math.Pow((A * x) + B, 2)) + A);

        Evaluate(new EmpiricalFiniteDifferenceScoreMatchingLoss(samples, delta: 0.25)).Should().BeApproximately(expected, 1e-12);
        Evaluate(new ImplicitScoreMatchingLoss(samples)).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void EmpiricalFiniteDifference_DefaultDelta_FollowsRangeRule()
    {
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss([-1.0, 0.0, 3.0]);

        loss.Delta.Should().BeApproximately(4.0 / 6.0, 1e-15);
        loss.Samples.Should().Equal(-1, 0, 3);
    }

    [Fact]
    public void GridFiniteDifference_DefaultDelta_IsSeedValue()
    {
        using var loss = new GridFiniteDifferenceScoreMatchingLoss(SeedProblem.Target);

        loss.Delta.Should().BeApproximately(0.05, 1e-15);
    }

    [Fact]
    public void Compute_Float32Model_GivesFloat32Scalar()
    {
        using var model = TestModels.Affine(A, B, TorchSharp.torch.ScalarType.Float32);
        using var loss = new ExplicitScoreMatchingLoss(StandardNormal);

        using var value = loss.Compute(model);

        value.dtype.Should().Be(TorchSharp.torch.ScalarType.Float32);
        value.shape.Should().BeEmpty();
        value.ToDouble().Should().BeApproximately(0.5 * (((A + 1) * (A + 1)) + (B * B)), 1e-5);
    }

    private static double Evaluate(ScoreLoss loss)
    {
        using (loss)
        using (var model = TestModels.Affine(A, B))
        using (var value = loss.Compute(model))
        {
            return value.ToDouble();
        }
    }
}
