using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// The finite-difference objective of an <see cref="MlpScoreModel"/> and its gradient in the parameters, computed in
/// managed code, in double precision, with the derivatives written out by hand: one pass over the points, no tensors.
/// </summary>
/// <remarks>
/// <para>
/// The parameters are one flat vector, layer by layer, each layer's weight matrix (row-major, [outputs, inputs])
/// followed by its bias: the order of the model's named parameters. For every point xᵢ the network runs at xᵢ + δ
/// and xᵢ − δ, giving a = ψ(xᵢ + δ) and b = ψ(xᵢ − δ); the objective adds sᵢ (a + b)² + uᵢ a + vᵢ b + cᵢ (a − b)²,
/// with the weights that <see cref="FiniteDifferenceObjective"/> precomputes, and back-propagates ∂/∂a and ∂/∂b
/// through both passes.
/// </para>
/// <para>
/// Each activation's derivative is that of TorchSharp's backward pass (ReLU: 1 where the input is positive; softplus:
/// 1 above the threshold 20), so value and gradient equal TorchSharp's up to rounding.
/// </para>
/// </remarks>
internal abstract class MlpObjectiveKernel
{
    /// <summary>The input above which softplus is the identity, as in TorchSharp.</summary>
    protected const double SoftplusThreshold = 20;

    private readonly int[] _weightOffsets;
    private readonly int[] _biasOffsets;

    /// <summary>Lays out the flat parameter vector of a network with the given hidden widths.</summary>
    protected MlpObjectiveKernel(IReadOnlyList<int> hiddenWidths, Activation activation, FiniteDifferenceObjective objective)
    {
        Widths = [1, .. hiddenWidths, 1];
        var layers = Widths.Length - 1;
        _weightOffsets = new int[layers];
        _biasOffsets = new int[layers];
        var parameters = 0;
        for (var l = 0; l < layers; l++)
        {
            _weightOffsets[l] = parameters;
            parameters += Widths[l + 1] * Widths[l];
            _biasOffsets[l] = parameters;
            parameters += Widths[l + 1];
        }

        ParameterCount = parameters;
        Activation = activation;
        Objective = objective;
    }

    /// <summary>Gets the length of the flat parameter vector.</summary>
    public int ParameterCount { get; }

    /// <summary>Gets the widths of the layers, 1, the hidden widths, 1.</summary>
    protected int[] Widths { get; }

    /// <summary>Gets the activation of the hidden layers.</summary>
    protected Activation Activation { get; }

    /// <summary>Gets the objective's points and weights.</summary>
    protected FiniteDifferenceObjective Objective { get; }

    /// <summary>Creates the kernel for a network: a vectorised one for a single hidden layer, a layer-by-layer one otherwise.</summary>
    public static MlpObjectiveKernel Create(IReadOnlyList<int> hiddenWidths, Activation activation, FiniteDifferenceObjective objective) =>
        hiddenWidths.Count == 1
            ? new OneHiddenLayerObjectiveKernel(hiddenWidths[0], activation, objective)
            : new LayerwiseMlpObjectiveKernel(hiddenWidths, activation, objective);

    /// <summary>Gets the offset in the flat vector of layer <paramref name="layer"/>'s weight matrix.</summary>
    public int WeightOffset(int layer) => _weightOffsets[layer];

    /// <summary>Gets the offset in the flat vector of layer <paramref name="layer"/>'s bias.</summary>
    public int BiasOffset(int layer) => _biasOffsets[layer];

    /// <summary>Evaluates the objective at <paramref name="parameters"/> and writes its gradient into <paramref name="gradient"/>.</summary>
    /// <returns>The objective's value.</returns>
    public abstract double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient);
}
