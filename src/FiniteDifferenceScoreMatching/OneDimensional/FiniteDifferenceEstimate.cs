using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// The two quantities that finite-difference score matching takes from ψ(x + δ) and ψ(x − δ): the averaged score and
/// the centred derivative.
/// </summary>
/// <remarks>The estimate owns both tensors and releases them in <see cref="Dispose"/>, unless a dispose scope does first.</remarks>
public sealed class FiniteDifferenceEstimate : IDisposable
{
    internal FiniteDifferenceEstimate(Tensor score, Tensor derivative, double delta)
    {
        Score = score;
        Derivative = derivative;
        Delta = delta;
    }

    /// <summary>Gets (ψ(x + δ) + ψ(x − δ)) / 2, which stands in for ψ(x) with an error of order δ².</summary>
    public Tensor Score { get; }

    /// <summary>Gets (ψ(x + δ) − ψ(x − δ)) / 2δ, which stands in for ∂ψ/∂x with an error of order δ².</summary>
    public Tensor Derivative { get; }

    /// <summary>Gets the step δ.</summary>
    public double Delta { get; }

    /// <summary>Releases both tensors.</summary>
    public void Dispose()
    {
        Score.Dispose();
        Derivative.Dispose();
    }
}
