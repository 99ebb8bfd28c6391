using System.Numerics;
using System.Runtime.InteropServices;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// The <see cref="MlpObjectiveKernel"/> for a network 1 → H → 1, vectorised over the points: each
/// <see cref="Vector{T}"/> lane carries one point through both passes, forward and backward, and the gradient is
/// accumulated lane by lane, then summed once.
/// </summary>
/// <remarks>
/// The points and weights are copied once into arrays padded to a whole number of vectors; the padding has weight
/// zero, so it adds nothing to the value or the gradient.
/// </remarks>
internal sealed class OneHiddenLayerObjectiveKernel : MlpObjectiveKernel
{
    private readonly int _hidden;
    private readonly double[] _plusPoints;
    private readonly double[] _minusPoints;
    private readonly double[] _squareWeights;
    private readonly double[] _plusWeights;
    private readonly double[] _minusWeights;
    private readonly double[] _curvatureWeights;
    private readonly Vector<double>[] _plusValues;
    private readonly Vector<double>[] _plusSlopes;
    private readonly Vector<double>[] _minusValues;
    private readonly Vector<double>[] _minusSlopes;
    private readonly Vector<double>[] _inputWeightGradient;
    private readonly Vector<double>[] _hiddenBiasGradient;
    private readonly Vector<double>[] _outputWeightGradient;

    /// <summary>Creates the kernel for a network with <paramref name="hidden"/> hidden units.</summary>
    public OneHiddenLayerObjectiveKernel(int hidden, Activation activation, FiniteDifferenceObjective objective)
        : base([hidden], activation, objective)
    {
        _hidden = hidden;
        var count = objective.Count;
        var padded = (count + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;
        _plusPoints = Padded(objective.StackedPoints[..count], padded);
        _minusPoints = Padded(objective.StackedPoints[count..], padded);
        _squareWeights = Padded(objective.SquareWeights, padded);
        _plusWeights = Padded(objective.DifferenceWeights[..count], padded);
        _minusWeights = Padded(objective.DifferenceWeights[count..], padded);
        _curvatureWeights = Padded(objective.CurvatureWeights, padded);
        _plusValues = new Vector<double>[hidden];
        _plusSlopes = new Vector<double>[hidden];
        _minusValues = new Vector<double>[hidden];
        _minusSlopes = new Vector<double>[hidden];
        _inputWeightGradient = new Vector<double>[hidden];
        _hiddenBiasGradient = new Vector<double>[hidden];
        _outputWeightGradient = new Vector<double>[hidden];
    }

    /// <inheritdoc />
    public override double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        var h = _hidden;
        var inputWeights = parameters[..h];
        var hiddenBiases = parameters.Slice(h, h);
        var outputWeights = parameters.Slice(2 * h, h);
        var outputBias = new Vector<double>(parameters[3 * h]);
        Array.Clear(_inputWeightGradient);
        Array.Clear(_hiddenBiasGradient);
        Array.Clear(_outputWeightGradient);
        var outputBiasGradient = Vector<double>.Zero;
        var value = Vector<double>.Zero;
        var two = new Vector<double>(2);

        var plusPoints = MemoryMarshal.Cast<double, Vector<double>>(_plusPoints);
        var minusPoints = MemoryMarshal.Cast<double, Vector<double>>(_minusPoints);
        var squareWeights = MemoryMarshal.Cast<double, Vector<double>>(_squareWeights);
        var plusWeights = MemoryMarshal.Cast<double, Vector<double>>(_plusWeights);
        var minusWeights = MemoryMarshal.Cast<double, Vector<double>>(_minusWeights);
        var curvatureWeights = MemoryMarshal.Cast<double, Vector<double>>(_curvatureWeights);
        for (var block = 0; block < plusPoints.Length; block++)
        {
            var xPlus = plusPoints[block];
            var xMinus = minusPoints[block];
            var a = outputBias;
            var b = outputBias;
            for (var j = 0; j < h; j++)
            {
                var w = new Vector<double>(inputWeights[j]);
                var c = new Vector<double>(hiddenBiases[j]);
                var v = new Vector<double>(outputWeights[j]);
                (_plusValues[j], _plusSlopes[j]) = Activate(Vector.FusedMultiplyAdd(w, xPlus, c));
                (_minusValues[j], _minusSlopes[j]) = Activate(Vector.FusedMultiplyAdd(w, xMinus, c));
                a = Vector.FusedMultiplyAdd(v, _plusValues[j], a);
                b = Vector.FusedMultiplyAdd(v, _minusValues[j], b);
            }

            var sum = a + b;
            var difference = a - b;
            var square = squareWeights[block] * sum;
            var curvature = curvatureWeights[block] * difference;
            value += (square * sum) + (plusWeights[block] * a) + (minusWeights[block] * b) + (curvature * difference);
            var plusGradient = (two * square) + plusWeights[block] + (two * curvature);
            var minusGradient = (two * square) + minusWeights[block] - (two * curvature);
            outputBiasGradient += plusGradient + minusGradient;
            for (var j = 0; j < h; j++)
            {
                var v = new Vector<double>(outputWeights[j]);
                _outputWeightGradient[j] += (plusGradient * _plusValues[j]) + (minusGradient * _minusValues[j]);
                var plusInner = v * plusGradient * _plusSlopes[j];
                var minusInner = v * minusGradient * _minusSlopes[j];
                _hiddenBiasGradient[j] += plusInner + minusInner;
                _inputWeightGradient[j] += (plusInner * xPlus) + (minusInner * xMinus);
            }
        }

        for (var j = 0; j < h; j++)
        {
            gradient[j] = Vector.Sum(_inputWeightGradient[j]);
            gradient[h + j] = Vector.Sum(_hiddenBiasGradient[j]);
            gradient[(2 * h) + j] = Vector.Sum(_outputWeightGradient[j]);
        }

        gradient[3 * h] = Vector.Sum(outputBiasGradient);
        return Vector.Sum(value);
    }

    private static double[] Padded(ReadOnlySpan<double> values, int length)
    {
        var padded = new double[length];
        values.CopyTo(padded);
        return padded;
    }

    /// <summary>The activation's value at every lane of <paramref name="z"/> and its derivative there.</summary>
    private (Vector<double> Value, Vector<double> Slope) Activate(Vector<double> z)
    {
        var one = Vector<double>.One;
        switch (Activation)
        {
            case Activation.Relu:
                var positive = Vector.GreaterThan(z, Vector<double>.Zero);
                return (Vector.ConditionalSelect(positive, z, Vector<double>.Zero), Vector.ConditionalSelect(positive, one, Vector<double>.Zero));
            case Activation.Tanh:
                var t = one - (new Vector<double>(2) / (Vector.Exp(z + z) + one));
                return (t, one - (t * t));
            case Activation.Softplus:
                var e = Vector.Exp(z);
                var u = one + e;
                var log = Vector.ConditionalSelect(Vector.Equals(u, one), e, Vector.Log(u) * e / (u - one));
                var linear = Vector.GreaterThan(z, new Vector<double>(SoftplusThreshold));
                return (Vector.ConditionalSelect(linear, z, log), Vector.ConditionalSelect(linear, one, e / u));
            case Activation.Silu:
                var s = one / (one + Vector.Exp(-z));
                return (z * s, s * (one + (z * (one - s))));
            default:
                throw new InvalidOperationException($"Unknown activation {Activation}.");
        }
    }
}
