using FiniteDifferenceScoreMatching.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Losses;

/// <summary>The denoising loss's value where the noise cancels out of it.</summary>
public sealed class DenoisingScoreMatchingLossTests
{
    [Fact]
    public void Loss_OfTheScoreThatCancelsTheNoise_IsHalfTheMeanSquaredResidual()
    {
        // ψ(x) = −x / σ² gives ψ(x + σz) + z / σ = −x / σ²: the loss is ½ mean(x²) / σ⁴ whatever noise is drawn.
        const double Sigma = 0.5;
        var samples = new double[,] { { -1.0 }, { 0.5 }, { 2.0 }, { 3.0 } };
        using var model = TestModels.Affine(-1 / (Sigma * Sigma), 0);
        using var loss = new DenoisingScoreMatchingLoss(samples, Sigma);
        using var scope = NewDisposeScope();

        var value = loss.Compute(model).ToDouble();

        var meanSquare = (1.0 + 0.25 + 4.0 + 9.0) / 4;
        value.Should().BeApproximately(meanSquare / 2 / Math.Pow(Sigma, 4), 1e-12);
    }
}
