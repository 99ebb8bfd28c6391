using System.Numerics;
using System.Runtime.CompilerServices;
using FiniteDifferenceScoreMatching.Models;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// The coordinate finite-difference loss (<see cref="Losses.CoordinateFiniteDifferenceScoreMatchingLoss"/>) of a
/// network d → H → d and its gradient, in managed code: ½ ‖ψ(x)‖² + Σᵢ (ψᵢ(x + ε eᵢ) − ψᵢ(x − ε eᵢ)) / 2ε, averaged
/// over the samples.
/// </summary>
internal sealed class CoordinateFiniteDifferenceObjective : DenseObjective
{
    private readonly double _epsilon;
    private readonly double[] _shifted;
    private readonly double[] _output;
    private readonly double[] _outputGradient;
    private readonly Vector<double>[] _values;
    private readonly Vector<double>[] _slopes;

    public CoordinateFiniteDifferenceObjective(double[,] samples, double epsilon, int hidden, Activation activation)
        : base(samples, hidden, activation)
    {
        _epsilon = epsilon;
        (_shifted, _output, _outputGradient) = (new double[Dimension], new double[Dimension], new double[Dimension]);
        (_values, _slopes) = (new Vector<double>[Kernel.HiddenVectors], new Vector<double>[Kernel.HiddenVectors]);
    }

    /// <inheritdoc />
    public override bool Draws => false;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override double Evaluate<TActivation>(ReadOnlySpan<double> parameters, Span<double> gradient, ReadOnlySpan<long> batch, int step)
    {
        var d = Dimension;
        var size = StepSize(batch);
        var weight = 1.0 / size;
        var slope = weight / (2 * _epsilon);
        var value = 0.0;
        Kernel.Load(parameters);
        for (var sample = 0; sample < size; sample++)
        {
            var x = Sample(batch, sample);
            Kernel.Forward<TActivation>(x, _output, _values, _slopes);
            for (var i = 0; i < d; i++)
            {
                value += weight * _output[i] * _output[i] / 2;
                _outputGradient[i] = weight * _output[i];
            }

            Kernel.Backward<TActivation>(x, _outputGradient, _values, _slopes);
            Array.Clear(_outputGradient);
            for (var i = 0; i < d; i++)
            {
                x.CopyTo(_shifted);
                foreach (var sign in (ReadOnlySpan<double>)[1.0, -1.0])
                {
                    _shifted[i] = x[i] + (sign * _epsilon);
                    Kernel.Forward<TActivation>(_shifted, _output, _values, _slopes);
                    value += sign * slope * _output[i];
                    _outputGradient[i] = sign * slope;
                    Kernel.Backward<TActivation>(_shifted, _outputGradient, _values, _slopes);
                }

                _outputGradient[i] = 0;
            }
        }

        Kernel.StoreGradient(gradient);
        return value;
    }
}
