using System.Numerics;
using System.Runtime.CompilerServices;
using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// The coordinate finite-difference loss (<see cref="Losses.CoordinateFiniteDifferenceScoreMatchingLoss"/>) of a
/// network d → H → d and its gradient, in managed code: ½ ‖ψ(x)‖² + Σᵢ (ψᵢ(x + ε eᵢ) − ψᵢ(x − ε eᵢ)) / 2ε, averaged
/// over the samples.
/// </summary>
internal sealed class CoordinateFiniteDifferenceObjective : IFusedObjective
{
    private readonly DenseNetworkKernel _kernel;
    private readonly Activation _activation;
    private readonly double[] _points;
    private readonly int _count;
    private readonly int _dimension;
    private readonly double _epsilon;
    private readonly double[] _shifted;
    private readonly double[] _output;
    private readonly double[] _outputGradient;
    private readonly Vector<double>[] _values;
    private readonly Vector<double>[] _slopes;

    public CoordinateFiniteDifferenceObjective(double[,] samples, double epsilon, int hidden, Activation activation)
    {
        (_count, _dimension) = (samples.GetLength(0), samples.GetLength(1));
        _points = new double[samples.Length];
        Buffer.BlockCopy(samples, 0, _points, 0, _points.Length * sizeof(double));
        (_epsilon, _activation) = (epsilon, activation);
        _kernel = new DenseNetworkKernel(_dimension, hidden);
        (_shifted, _output, _outputGradient) = (new double[_dimension], new double[_dimension], new double[_dimension]);
        (_values, _slopes) = (new Vector<double>[_kernel.HiddenVectors], new Vector<double>[_kernel.HiddenVectors]);
    }

    /// <inheritdoc />
    public int ParameterCount => _kernel.ParameterCount;

    /// <inheritdoc />
    public bool Draws => false;

    /// <inheritdoc />
    public (int Offset, int Length) Block(int index) => _kernel.Block(index);

    /// <inheritdoc />
    public void DrawEpoch(EpochPlan plan, Generator generator, ScalarType dtype)
    {
    }

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient, ReadOnlySpan<long> batch, int step) => _activation switch
    {
        Activation.Relu => Evaluate<VectorRelu>(parameters, gradient, batch),
        Activation.Tanh => Evaluate<VectorTanh>(parameters, gradient, batch),
        Activation.Softplus => Evaluate<VectorSoftplus>(parameters, gradient, batch),
        Activation.Silu => Evaluate<VectorSilu>(parameters, gradient, batch),
        _ => throw new InvalidOperationException($"Unknown activation {_activation}."),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Evaluate<TActivation>(ReadOnlySpan<double> parameters, Span<double> gradient, ReadOnlySpan<long> batch)
        where TActivation : struct, IVectorActivation
    {
        var d = _dimension;
        var size = batch.IsEmpty ? _count : batch.Length;
        var weight = 1.0 / size;
        var slope = weight / (2 * _epsilon);
        var value = 0.0;
        _kernel.Load(parameters);
        for (var sample = 0; sample < size; sample++)
        {
            var x = _points.AsSpan((batch.IsEmpty ? sample : (int)batch[sample]) * d, d);
            _kernel.Forward<TActivation>(x, _output, _values, _slopes);
            for (var i = 0; i < d; i++)
            {
                value += weight * _output[i] * _output[i] / 2;
                _outputGradient[i] = weight * _output[i];
            }

            _kernel.Backward<TActivation>(x, _outputGradient, _values, _slopes);
            Array.Clear(_outputGradient);
            for (var i = 0; i < d; i++)
            {
                x.CopyTo(_shifted);
                foreach (var sign in (ReadOnlySpan<double>)[1.0, -1.0])
                {
                    _shifted[i] = x[i] + (sign * _epsilon);
                    _kernel.Forward<TActivation>(_shifted, _output, _values, _slopes);
                    value += sign * slope * _output[i];
                    _outputGradient[i] = sign * slope;
                    _kernel.Backward<TActivation>(_shifted, _outputGradient, _values, _slopes);
                }

                _outputGradient[i] = 0;
            }
        }

        _kernel.StoreGradient(gradient);
        return value;
    }
}
