using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// The <see cref="MlpObjectiveKernel"/> for any depth: each pass runs layer by layer over one point at a time,
/// keeping every unit's output and its activation's slope for the backward pass.
/// </summary>
internal sealed class LayerwiseMlpObjectiveKernel : MlpObjectiveKernel
{
    private readonly int[] _unitOffsets;
    private readonly double[] _plusValues;
    private readonly double[] _plusSlopes;
    private readonly double[] _minusValues;
    private readonly double[] _minusSlopes;
    private readonly double[] _upstream;
    private readonly double[] _downstream;

    /// <summary>Creates the kernel for a network of the given hidden widths and activation.</summary>
    public LayerwiseMlpObjectiveKernel(IReadOnlyList<int> hiddenWidths, Activation activation, FiniteDifferenceObjective objective)
        : base(hiddenWidths, activation, objective)
    {
        _unitOffsets = new int[Widths.Length];
        var units = 0;
        for (var l = 0; l < Widths.Length; l++)
        {
            _unitOffsets[l] = units;
            units += Widths[l];
        }

        _plusValues = new double[units];
        _plusSlopes = new double[units];
        _minusValues = new double[units];
        _minusSlopes = new double[units];
        var widest = Widths.Max();
        _upstream = new double[widest];
        _downstream = new double[widest];
    }

    /// <inheritdoc />
    public override double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        gradient.Clear();
        var objective = Objective;
        var count = objective.Count;
        var stacked = objective.StackedPoints;
        var squareWeights = objective.SquareWeights;
        var differenceWeights = objective.DifferenceWeights;
        var curvatureWeights = objective.CurvatureWeights;
        var value = 0.0;
        for (var i = 0; i < count; i++)
        {
            var a = Forward(parameters, stacked[i], _plusValues, _plusSlopes);
            var b = Forward(parameters, stacked[count + i], _minusValues, _minusSlopes);
            var sum = a + b;
            var difference = a - b;
            var square = squareWeights[i] * sum;
            var curvature = curvatureWeights[i] * difference;
            value += (square * sum) + (differenceWeights[i] * a) + (differenceWeights[count + i] * b) + (curvature * difference);
            Backward(parameters, (2 * square) + differenceWeights[i] + (2 * curvature), _plusValues, _plusSlopes, gradient);
            Backward(parameters, (2 * square) + differenceWeights[count + i] - (2 * curvature), _minusValues, _minusSlopes, gradient);
        }

        return value;
    }

    /// <summary>Runs the network at <paramref name="x"/>, keeping every unit's output and its activation's slope.</summary>
    private double Forward(ReadOnlySpan<double> parameters, double x, double[] values, double[] slopes)
    {
        values[0] = x;
        var last = Widths.Length - 2;
        for (var l = 0; l <= last; l++)
        {
            var inputs = Widths[l];
            var outputs = Widths[l + 1];
            var input = values.AsSpan(_unitOffsets[l], inputs);
            var output = _unitOffsets[l + 1];
            var weights = parameters.Slice(WeightOffset(l), inputs * outputs);
            var biases = parameters.Slice(BiasOffset(l), outputs);
            for (var o = 0; o < outputs; o++)
            {
                var row = weights.Slice(o * inputs, inputs);
                var z = biases[o];
                for (var i = 0; i < inputs; i++)
                {
                    z += row[i] * input[i];
                }

                if (l == last)
                {
                    values[output + o] = z;
                }
                else
                {
                    (values[output + o], slopes[output + o]) = Activate(z);
                }
            }
        }

        return values[_unitOffsets[last + 1]];
    }

    /// <summary>Adds to <paramref name="gradient"/> the gradient of <paramref name="outputGradient"/> · ψ for the pass kept in the buffers.</summary>
    private void Backward(ReadOnlySpan<double> parameters, double outputGradient, double[] values, double[] slopes, Span<double> gradient)
    {
        var upstream = _upstream;
        var downstream = _downstream;
        upstream[0] = outputGradient;
        for (var l = Widths.Length - 2; l >= 0; l--)
        {
            var inputs = Widths[l];
            var outputs = Widths[l + 1];
            var input = values.AsSpan(_unitOffsets[l], inputs);
            var weights = parameters.Slice(WeightOffset(l), inputs * outputs);
            var weightGradient = gradient.Slice(WeightOffset(l), inputs * outputs);
            var biasGradient = gradient.Slice(BiasOffset(l), outputs);
            for (var o = 0; o < outputs; o++)
            {
                var g = upstream[o];
                biasGradient[o] += g;
                var row = weightGradient.Slice(o * inputs, inputs);
                for (var i = 0; i < inputs; i++)
                {
                    row[i] += g * input[i];
                }
            }

            if (l == 0)
            {
                break;
            }

            var inputSlopes = slopes.AsSpan(_unitOffsets[l], inputs);
            for (var i = 0; i < inputs; i++)
            {
                var g = 0.0;
                for (var o = 0; o < outputs; o++)
                {
                    g += weights[(o * inputs) + i] * upstream[o];
                }

                downstream[i] = g * inputSlopes[i];
            }

            (upstream, downstream) = (downstream, upstream);
        }
    }

    /// <summary>The activation's value at <paramref name="z"/> and its derivative there.</summary>
    private (double Value, double Slope) Activate(double z)
    {
        switch (Activation)
        {
            case Activation.Relu:
                return z > 0 ? (z, 1.0) : (0.0, 0.0);
            case Activation.Tanh:
                var t = Math.Tanh(z);
                return (t, 1 - (t * t));
            case Activation.Softplus:
                if (z > SoftplusThreshold)
                {
                    return (z, 1.0);
                }

                var e = Math.Exp(z);
                return (LogOnePlus(e), e / (e + 1));
            case Activation.Silu:
                var s = 1 / (1 + Math.Exp(-z));
                return (z * s, s * (1 + (z * (1 - s))));
            default:
                throw new InvalidOperationException($"Unknown activation {Activation}.");
        }
    }

    /// <summary>log(1 + e) to full relative precision for small e.</summary>
    private static double LogOnePlus(double e)
    {
        var u = 1 + e;
        return u == 1 ? e : Math.Log(u) * e / (u - 1);
    }
}
