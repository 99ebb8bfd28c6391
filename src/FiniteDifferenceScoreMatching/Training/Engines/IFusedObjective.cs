using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// A loss of a network with one hidden layer, and its gradient in the parameters, computed in managed code: what the
/// fused engine steps on. The parameters are one flat vector of four blocks, in the order of the network's named
/// parameters: hidden weights, hidden biases, output weights, output bias.
/// </summary>
internal interface IFusedObjective
{
    /// <summary>Gets the length of the flat parameter vector.</summary>
    int ParameterCount { get; }

    /// <summary>Gets a value indicating whether the objective draws random numbers for its steps (through TorchSharp).</summary>
    bool Draws { get; }

    /// <summary>Gets where block <paramref name="index"/> (0 to 3) of the parameters lies in the flat vector.</summary>
    (int Offset, int Length) Block(int index);

    /// <summary>
    /// Draws, from <paramref name="generator"/> and in the model's dtype, what the steps of an epoch need, in the order in
    /// which the TorchSharp engine would draw it; nothing for an objective that does not draw.
    /// </summary>
    void DrawEpoch(EpochPlan plan, Generator generator, ScalarType dtype);

    /// <summary>
    /// Evaluates the objective of step <paramref name="step"/> of the epoch at <paramref name="parameters"/>, over the
    /// samples at <paramref name="batch"/> (all of them when empty), and writes its gradient into <paramref name="gradient"/>.
    /// </summary>
    /// <returns>The objective's value.</returns>
    double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient, ReadOnlySpan<long> batch, int step);
}
