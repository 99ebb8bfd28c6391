using FiniteDifferenceScoreMatching.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// A network d → H → d with one hidden layer as the fused engine sees it: its K members' parameters in the order of the
/// objectives' flat vector (hidden weights, hidden biases, output weights, output bias), each tensor holding member k's
/// block contiguously, k blocks in.
/// </summary>
internal sealed class NetworkLayout
{
    private NetworkLayout(int dimension, int hidden, Activation activation, int members, ScalarType dtype, Parameter[] blocks)
    {
        Dimension = dimension;
        Hidden = hidden;
        Activation = activation;
        Members = members;
        DType = dtype;
        Blocks = blocks;
    }

    /// <summary>Gets the number of coordinates d.</summary>
    public int Dimension { get; }

    /// <summary>Gets the number of hidden units H.</summary>
    public int Hidden { get; }

    /// <summary>Gets the hidden layer's activation.</summary>
    public Activation Activation { get; }

    /// <summary>Gets the number of members K.</summary>
    public int Members { get; }

    /// <summary>Gets the parameters' dtype.</summary>
    public ScalarType DType { get; }

    /// <summary>Gets the four parameter tensors: hidden weights, hidden biases, output weights, output bias.</summary>
    public IReadOnlyList<Parameter> Blocks { get; }

    /// <summary>
    /// The layout of a network of the given shape, or <see langword="null"/> when the fused engine does not cover it:
    /// it covers one hidden layer on the CPU, any activation but softplus in float32 (where TorchSharp's single-precision
    /// exp and log beat the kernel's double-precision ones), and d coordinates for a single network (an ensemble stores
    /// its weights transposed, which only one coordinate leaves in the objectives' order). Deeper networks are left to
    /// TorchSharp's matrix products.
    /// </summary>
    public static NetworkLayout? Of(MlpOptions options, int members, Device device, Parameter hiddenWeight, Parameter hiddenBias, Parameter outputWeight, Parameter outputBias)
    {
        var covered = (options.Dimension == 1 || members == 1) && options.HiddenWidths.Count == 1 && device.type == TorchSharp.DeviceType.CPU
            && !(options.Activation == Activation.Softplus && options.DType == ScalarType.Float32);
        return covered
            ? new NetworkLayout(options.Dimension, (int)hiddenBias.numel() / members, options.Activation, members, options.DType, [hiddenWeight, hiddenBias, outputWeight, outputBias])
            : null;
    }
}
