using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>The architecture of an <see cref="MlpScoreModel"/>: 1 → hidden widths → 1.</summary>
public sealed record MlpOptions
{
    /// <summary>Gets the width of each hidden layer, from input to output.</summary>
    /// <value>The default is one hidden layer of 8 units, as in the original example.</value>
    public IReadOnlyList<int> HiddenWidths { get; init; } = [8];

    /// <summary>Gets the nonlinearity applied after each hidden layer.</summary>
    /// <value>The default is <see cref="Activation.Relu"/>.</value>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Gets how the initial parameters are drawn.</summary>
    /// <value>The default is <see cref="MlpInitialization.Glorot"/>, as in the original example.</value>
    public MlpInitialization Initialization { get; init; } = MlpInitialization.Glorot;

    /// <summary>Gets the number of coordinates d of a point: the network maps d inputs to d scores.</summary>
    /// <value>The default is 1. The fused training path and <see cref="MlpEnsemble"/> take d = 1 only.</value>
    public int Dimension { get; init; } = 1;

    /// <summary>Gets the element type of the parameters.</summary>
    /// <value>The default is <see cref="ScalarType.Float32"/>; <see cref="ScalarType.Float64"/> is the other supported type.</value>
    public ScalarType DType { get; init; } = ScalarType.Float32;

    /// <summary>Compares two architectures by value, the hidden widths element by element.</summary>
    /// <param name="other">The other options.</param>
    /// <returns><see langword="true"/> when every setting is the same.</returns>
    public bool Equals(MlpOptions? other) =>
        other is not null && HiddenWidths.SequenceEqual(other.HiddenWidths) && Activation == other.Activation
        && Initialization == other.Initialization && Dimension == other.Dimension && DType == other.DType;

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(HiddenWidths.Aggregate(17, (hash, width) => (hash * 31) + width), Activation, Initialization, Dimension, DType);

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">No hidden layer, a width or dimension below 1, an unknown activation or initialisation, or an unsupported dtype.</exception>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(HiddenWidths, nameof(HiddenWidths));
        if (HiddenWidths.Count == 0)
        {
            throw new ArgumentException("At least one hidden layer is needed.", nameof(HiddenWidths));
        }

        for (var i = 0; i < HiddenWidths.Count; i++)
        {
            if (HiddenWidths[i] < 1)
            {
                throw new ArgumentException($"Hidden layer {i} has width {HiddenWidths[i]}; every width must be at least 1.", nameof(HiddenWidths));
            }
        }

        if (Dimension < 1)
        {
            throw new ArgumentException($"A point needs at least one coordinate, but the dimension is {Dimension}.", nameof(Dimension));
        }

        if (!Enum.IsDefined(Activation))
        {
            throw new ArgumentException($"Unknown activation {(int)Activation}.", nameof(Activation));
        }

        if (!Enum.IsDefined(Initialization))
        {
            throw new ArgumentException($"Unknown initialisation {(int)Initialization}.", nameof(Initialization));
        }

        if (DType is not (ScalarType.Float32 or ScalarType.Float64))
        {
            throw new ArgumentException($"The dtype must be Float32 or Float64, not {DType}.", nameof(DType));
        }
    }
}
