using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// What the d-dimensional fused objectives share: the samples as one flat array, the network's kernel, and the choice
/// of the evaluation compiled for the network's activation.
/// </summary>
internal abstract class DenseObjective : IFusedObjective
{
    private readonly Activation _activation;
    private readonly double[] _points;
    private readonly int _count;

    protected DenseObjective(double[,] samples, int hidden, Activation activation)
    {
        (_count, Dimension) = (samples.GetLength(0), samples.GetLength(1));
        _points = new double[samples.Length];
        Buffer.BlockCopy(samples, 0, _points, 0, _points.Length * sizeof(double));
        _activation = activation;
        Kernel = new DenseNetworkKernel(Dimension, hidden);
    }

    /// <inheritdoc />
    public int ParameterCount => Kernel.ParameterCount;

    /// <inheritdoc />
    public abstract bool Draws { get; }

    /// <summary>Gets the number of coordinates d.</summary>
    protected int Dimension { get; }

    /// <summary>Gets the network's forward and backward passes.</summary>
    protected DenseNetworkKernel Kernel { get; }

    /// <inheritdoc />
    public (int Offset, int Length) Block(int index) => Kernel.Block(index);

    /// <inheritdoc />
    public virtual void DrawEpoch(EpochPlan plan, Generator generator, ScalarType dtype)
    {
    }

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient, ReadOnlySpan<long> batch, int step) => _activation switch
    {
        Activation.Relu => Evaluate<VectorRelu>(parameters, gradient, batch, step),
        Activation.Tanh => Evaluate<VectorTanh>(parameters, gradient, batch, step),
        Activation.Softplus => Evaluate<VectorSoftplus>(parameters, gradient, batch, step),
        Activation.Silu => Evaluate<VectorSilu>(parameters, gradient, batch, step),
        _ => throw new InvalidOperationException($"Unknown activation {_activation}."),
    };

    /// <summary>The number of samples a step evaluates: those of the batch, or all of them when it is empty.</summary>
    protected int StepSize(ReadOnlySpan<long> batch) => batch.IsEmpty ? _count : batch.Length;

    /// <summary>The coordinates of sample <paramref name="index"/> of the step: of the batch, or of all the samples when it is empty.</summary>
    protected ReadOnlySpan<double> Sample(ReadOnlySpan<long> batch, int index) =>
        _points.AsSpan((batch.IsEmpty ? index : (int)batch[index]) * Dimension, Dimension);

    /// <summary>The objective of the step and its gradient, compiled for one activation.</summary>
    protected abstract double Evaluate<TActivation>(ReadOnlySpan<double> parameters, Span<double> gradient, ReadOnlySpan<long> batch, int step)
        where TActivation : struct, IVectorActivation;
}
