using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Losses;

/// <summary>Exact sliced score matching where its value is known: in one dimension, and for a constant score.</summary>
public sealed class SlicedScoreMatchingLossTests
{
    private static readonly double[] Samples = SeedProblem.Samples(64);

    [Theory]
    [InlineData(ProjectionDistribution.Rademacher, false)]
    [InlineData(ProjectionDistribution.Rademacher, true)]
    [InlineData(ProjectionDistribution.Sphere, false)]
    [InlineData(ProjectionDistribution.Sphere, true)]
    public void InOneDimension_UnitDirections_GiveTheImplicitLossAndItsGradient(ProjectionDistribution directions, bool varianceReduced)
    {
        // v = ±1: vᵀ(∂ψ/∂x)v = ψ' and (vᵀψ)² = ψ², so every draw gives the implicit loss exactly.
        var column = new double[Samples.Length, 1];
        for (var n = 0; n < Samples.Length; n++)
        {
            column[n, 0] = Samples[n];
        }

        using var model = TestModels.Smooth(3);
        using var exact = new ImplicitScoreMatchingLoss(Samples);
        using var sliced = new SlicedScoreMatchingLoss(column, directions, varianceReduced);

        var expected = TestModels.ValueAndGradients(model, () => exact.Compute(model));
        var actual = TestModels.ValueAndGradients(model, () => sliced.Compute(model));

        actual.Value.Should().BeApproximately(expected.Value, 1e-12);
        CloseValues.Assert(actual.Gradients, expected.Gradients, 1e-10);
    }

    [Fact]
    public void ConstantScore_VarianceReduced_IsHalfItsSquare_AndOtherwiseOnlyInTheMean()
    {
        // ψ = c: the curvature term vanishes; ½ ‖ψ‖² is ½ c², its estimate ½ (vψ)² has mean ½ c² over Gaussian v.
        const double C = 1.5;
        var column = new double[2000, 1];
        using var model = TestModels.Affine(0, C);
        using var reduced = new SlicedScoreMatchingLoss(column, ProjectionDistribution.Gaussian, varianceReduced: true);
        using var plain = new SlicedScoreMatchingLoss(column, ProjectionDistribution.Gaussian, varianceReduced: false);
        using var scope = NewDisposeScope();

        var exact = reduced.Compute(model).ToDouble();
        var estimated = plain.Compute(model).ToDouble();

        exact.Should().BeApproximately(C * C / 2, 1e-12);
        estimated.Should().BeApproximately(C * C / 2, 0.15 * C * C / 2).And.NotBeApproximately(C * C / 2, 1e-6);
    }

    [Fact]
    public void Compute_WithManyProjections_VariesFarLessFromCallToCall()
    {
        var samples = MultivariateGaussianMixture.Diagonal([1.0], [[0.0, 1.0]], [[1.0, 2.0]]).Sample(new Random(2), 16);
        using var model = new MlpScoreModel(6, new MlpOptions { Dimension = 2, HiddenWidths = [8], Activation = Activation.Tanh, DType = ScalarType.Float64 });

        double Spread(int projections)
        {
            using var loss = new SlicedScoreMatchingLoss(samples, projections: projections);
            using var scope = NewDisposeScope();
            var values = Enumerable.Range(0, 20).Select(_ => loss.Compute(model).ToDouble()).ToArray();
            var mean = values.Average();
            return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        }

        Spread(64).Should().BeLessThan(Spread(1) / 3);
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        var samples = new double[,] { { 0, 1 } };

        ((Action)(() => _ = new SlicedScoreMatchingLoss(samples, (ProjectionDistribution)42))).Should().Throw<ArgumentOutOfRangeException>()
            .WithParameterName("directions").WithMessage("Unknown distribution of directions.*");
        ((Action)(() => _ = new SlicedScoreMatchingLoss(samples, projections: 0))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("projections");
    }

    [Fact]
    public void Compute_ModelOfAnotherDimension_Throws()
    {
        using var model = new MlpScoreModel(1, new MlpOptions { Dimension = 3 });
        using var loss = new SlicedScoreMatchingLoss(new double[,] { { 0, 1 } });

        var act = () => loss.Compute(model);

        act.Should().Throw<ArgumentException>().WithMessage("*2 coordinates, but the model takes 3*");
    }
}
