using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// The forward and backward passes of a network d → H → d with one hidden layer, point by point, in managed code and
/// double precision, vectorised over the hidden units: the building block of the d-dimensional fused objectives.
/// </summary>
/// <remarks>
/// <para>
/// The flat parameter vector is [W₁ (H × d, row-major), b₁ (H), W₂ (d × H, row-major), b₂ (d)], the order of the
/// network's named parameters. <see cref="Load"/> copies it into working arrays padded to a whole number of vectors
/// (the padding units have zero weights both ways, so they change neither the outputs nor the gradient), with W₁
/// transposed so that each coordinate's weights are contiguous; <see cref="Backward{TActivation}"/> accumulates the
/// gradient there, and <see cref="StoreGradient"/> writes it back in the flat order.
/// </para>
/// <para>
/// Each activation's derivative is that of TorchSharp's backward pass (<see cref="IVectorActivation"/>), so values and
/// gradients equal TorchSharp's up to rounding.
/// </para>
/// </remarks>
internal sealed class DenseNetworkKernel
{
    private readonly int _dimension;
    private readonly int _hidden;
    private readonly int _vectors;
    private readonly Vector<double>[] _inputWeights;
    private readonly Vector<double>[] _hiddenBiases;
    private readonly Vector<double>[] _outputWeights;
    private readonly double[] _outputBiases;
    private readonly Vector<double>[] _inputWeightGradient;
    private readonly Vector<double>[] _hiddenBiasGradient;
    private readonly Vector<double>[] _outputWeightGradient;
    private readonly double[] _outputBiasGradient;
    private readonly Vector<double>[] _hiddenGradient;

    public DenseNetworkKernel(int dimension, int hidden)
    {
        _dimension = dimension;
        _hidden = hidden;
        _vectors = (hidden + Vector<double>.Count - 1) / Vector<double>.Count;
        _inputWeights = new Vector<double>[dimension * _vectors];
        _hiddenBiases = new Vector<double>[_vectors];
        _outputWeights = new Vector<double>[dimension * _vectors];
        _outputBiases = new double[dimension];
        _inputWeightGradient = new Vector<double>[dimension * _vectors];
        _hiddenBiasGradient = new Vector<double>[_vectors];
        _outputWeightGradient = new Vector<double>[dimension * _vectors];
        _outputBiasGradient = new double[dimension];
        _hiddenGradient = new Vector<double>[_vectors];
    }

    /// <summary>Gets the number of coordinates d.</summary>
    public int Dimension => _dimension;

    /// <summary>Gets the number of vectors that hold one point's hidden units (padded).</summary>
    public int HiddenVectors => _vectors;

    /// <summary>Gets the length of the flat parameter vector, 2Hd + H + d.</summary>
    public int ParameterCount => (2 * _hidden * _dimension) + _hidden + _dimension;

    /// <summary>Gets where block <paramref name="index"/> (0 to 3) of the parameters lies in the flat vector.</summary>
    public (int Offset, int Length) Block(int index) => index switch
    {
        0 => (0, _hidden * _dimension),
        1 => (_hidden * _dimension, _hidden),
        2 => ((_hidden * _dimension) + _hidden, _dimension * _hidden),
        _ => ((2 * _hidden * _dimension) + _hidden, _dimension),
    };

    /// <summary>Copies the flat parameters into the padded working arrays and clears the gradient.</summary>
    public void Load(ReadOnlySpan<double> parameters)
    {
        var (d, h) = (_dimension, _hidden);
        var inputWeights = MemoryMarshal.Cast<Vector<double>, double>(_inputWeights.AsSpan());
        var hiddenBiases = MemoryMarshal.Cast<Vector<double>, double>(_hiddenBiases.AsSpan());
        var outputWeights = MemoryMarshal.Cast<Vector<double>, double>(_outputWeights.AsSpan());
        var width = _vectors * Vector<double>.Count;
        for (var j = 0; j < h; j++)
        {
            for (var i = 0; i < d; i++)
            {
                inputWeights[(i * width) + j] = parameters[(j * d) + i];
                outputWeights[(i * width) + j] = parameters[(h * d) + h + (i * h) + j];
            }

            hiddenBiases[j] = parameters[(h * d) + j];
        }

        parameters.Slice((2 * h * d) + h, d).CopyTo(_outputBiases);
        Array.Clear(_inputWeightGradient);
        Array.Clear(_hiddenBiasGradient);
        Array.Clear(_outputWeightGradient);
        Array.Clear(_outputBiasGradient);
    }

    /// <summary>ψ(x) into <paramref name="output"/>; the hidden units' values and slopes are kept for the backward pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Forward<TActivation>(ReadOnlySpan<double> x, Span<double> output, Span<Vector<double>> values, Span<Vector<double>> slopes)
        where TActivation : struct, IVectorActivation
    {
        var (d, n) = (_dimension, _vectors);
        for (var v = 0; v < n; v++)
        {
            var z = _hiddenBiases[v];
            for (var i = 0; i < d; i++)
            {
                z = Vector.FusedMultiplyAdd(_inputWeights[(i * n) + v], new Vector<double>(x[i]), z);
            }

            (values[v], slopes[v]) = TActivation.Apply(z);
        }

        for (var i = 0; i < d; i++)
        {
            var sum = Vector<double>.Zero;
            for (var v = 0; v < n; v++)
            {
                sum = Vector.FusedMultiplyAdd(_outputWeights[(i * n) + v], values[v], sum);
            }

            output[i] = _outputBiases[i] + Vector.Sum(sum);
        }
    }

    /// <summary>Accumulates the gradient of Σᵢ gᵢ ψᵢ(x), given the hidden units that <see cref="Forward{TActivation}"/> kept for x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Backward<TActivation>(ReadOnlySpan<double> x, ReadOnlySpan<double> outputGradient, ReadOnlySpan<Vector<double>> values, ReadOnlySpan<Vector<double>> slopes)
        where TActivation : struct, IVectorActivation
    {
        var (d, n) = (_dimension, _vectors);
        Array.Clear(_hiddenGradient);
        for (var i = 0; i < d; i++)
        {
            var g = outputGradient[i];
            if (g == 0)
            {
                continue;
            }

            _outputBiasGradient[i] += g;
            var gv = new Vector<double>(g);
            for (var v = 0; v < n; v++)
            {
                _outputWeightGradient[(i * n) + v] = Vector.FusedMultiplyAdd(gv, values[v], _outputWeightGradient[(i * n) + v]);
                _hiddenGradient[v] = Vector.FusedMultiplyAdd(gv, _outputWeights[(i * n) + v], _hiddenGradient[v]);
            }
        }

        for (var v = 0; v < n; v++)
        {
            var inner = _hiddenGradient[v] * slopes[v];
            _hiddenBiasGradient[v] += inner;
            for (var i = 0; i < d; i++)
            {
                _inputWeightGradient[(i * n) + v] = Vector.FusedMultiplyAdd(inner, new Vector<double>(x[i]), _inputWeightGradient[(i * n) + v]);
            }
        }
    }

    /// <summary>Writes the accumulated gradient into <paramref name="gradient"/>, in the flat order.</summary>
    public void StoreGradient(Span<double> gradient)
    {
        var (d, h) = (_dimension, _hidden);
        var inputWeights = MemoryMarshal.Cast<Vector<double>, double>(_inputWeightGradient.AsSpan());
        var hiddenBiases = MemoryMarshal.Cast<Vector<double>, double>(_hiddenBiasGradient.AsSpan());
        var outputWeights = MemoryMarshal.Cast<Vector<double>, double>(_outputWeightGradient.AsSpan());
        var width = _vectors * Vector<double>.Count;
        for (var j = 0; j < h; j++)
        {
            for (var i = 0; i < d; i++)
            {
                gradient[(j * d) + i] = inputWeights[(i * width) + j];
                gradient[(h * d) + h + (i * h) + j] = outputWeights[(i * width) + j];
            }

            gradient[(h * d) + j] = hiddenBiases[j];
        }

        _outputBiasGradient.CopyTo(gradient.Slice((2 * h * d) + h, d));
    }
}
