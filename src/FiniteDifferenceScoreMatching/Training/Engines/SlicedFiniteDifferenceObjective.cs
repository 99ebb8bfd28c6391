using System.Numerics;
using System.Runtime.CompilerServices;
using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// The finite-difference sliced loss (<see cref="Losses.SlicedFiniteDifferenceScoreMatchingLoss"/>) of a network
/// d → H → d and its gradient, in managed code: for every sample row and its direction v, a = ψ(x + v), b = ψ(x − v),
/// ℓ = ‖a + b‖² / 8 + (d / 2ε²) (a − b) · v, averaged over the rows.
/// </summary>
/// <remarks>
/// The directions are drawn as the loss draws them on TorchSharp (standard normal rows in the model's dtype, scaled to
/// length ε), from the same generator and in the same order, so both engines see the same directions.
/// </remarks>
internal sealed class SlicedFiniteDifferenceObjective : IFusedObjective
{
    private readonly DenseNetworkKernel _kernel;
    private readonly Activation _activation;
    private readonly double[] _points;
    private readonly int _count;
    private readonly int _dimension;
    private readonly double _epsilon;
    private readonly int _directions;
    private readonly List<double[]> _steps = [];
    private readonly double[] _plus;
    private readonly double[] _minus;
    private readonly double[] _a;
    private readonly double[] _b;
    private readonly double[] _plusGradient;
    private readonly double[] _minusGradient;
    private readonly Vector<double>[] _plusValues;
    private readonly Vector<double>[] _plusSlopes;
    private readonly Vector<double>[] _minusValues;
    private readonly Vector<double>[] _minusSlopes;

    public SlicedFiniteDifferenceObjective(double[,] samples, double epsilon, int directions, int hidden, Activation activation)
    {
        (_count, _dimension) = (samples.GetLength(0), samples.GetLength(1));
        _points = new double[samples.Length];
        Buffer.BlockCopy(samples, 0, _points, 0, _points.Length * sizeof(double));
        (_epsilon, _directions, _activation) = (epsilon, directions, activation);
        _kernel = new DenseNetworkKernel(_dimension, hidden);
        (_plus, _minus, _a, _b, _plusGradient, _minusGradient) = (new double[_dimension], new double[_dimension], new double[_dimension], new double[_dimension], new double[_dimension], new double[_dimension]);
        var vectors = _kernel.HiddenVectors;
        (_plusValues, _plusSlopes, _minusValues, _minusSlopes) = (new Vector<double>[vectors], new Vector<double>[vectors], new Vector<double>[vectors], new Vector<double>[vectors]);
    }

    /// <inheritdoc />
    public int ParameterCount => _kernel.ParameterCount;

    /// <inheritdoc />
    public bool Draws => true;

    /// <inheritdoc />
    public (int Offset, int Length) Block(int index) => _kernel.Block(index);

    /// <inheritdoc />
    public void DrawEpoch(EpochPlan plan, Generator generator, ScalarType dtype)
    {
        _steps.Clear();
        var (count, size) = plan.Batched ? (plan.Count, plan.BatchSize) : (_count, _count);
        for (var start = 0; start < count; start += size)
        {
            var rows = _directions * Math.Min(size, count - start);
            using var scope = NewDisposeScope();
            var u = randn([rows, _dimension], dtype, CPU, generator: generator);
            var v = (u * (_epsilon / u.norm(1, keepdim: true))).to(ScalarType.Float64);
            _steps.Add(v.data<double>().ToArray());
        }
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Evaluate<TActivation>(ReadOnlySpan<double> parameters, Span<double> gradient, ReadOnlySpan<long> batch, int step)
        where TActivation : struct, IVectorActivation
    {
        var d = _dimension;
        var size = batch.IsEmpty ? _count : batch.Length;
        var rows = _directions * size;
        var directions = _steps[step];
        var weight = 1.0 / rows;
        var c = d / (2 * _epsilon * _epsilon);
        var value = 0.0;
        _kernel.Load(parameters);
        for (var row = 0; row < rows; row++)
        {
            var sample = row % size;
            var x = _points.AsSpan((batch.IsEmpty ? sample : (int)batch[sample]) * d, d);
            var v = directions.AsSpan(row * d, d);
            for (var i = 0; i < d; i++)
            {
                (_plus[i], _minus[i]) = (x[i] + v[i], x[i] - v[i]);
            }

            _kernel.Forward<TActivation>(_plus, _a, _plusValues, _plusSlopes);
            _kernel.Forward<TActivation>(_minus, _b, _minusValues, _minusSlopes);
            for (var i = 0; i < d; i++)
            {
                var sum = _a[i] + _b[i];
                value += (sum * sum / 8) + (c * (_a[i] - _b[i]) * v[i]);
                _plusGradient[i] = weight * ((sum / 4) + (c * v[i]));
                _minusGradient[i] = weight * ((sum / 4) - (c * v[i]));
            }

            _kernel.Backward<TActivation>(_plus, _plusGradient, _plusValues, _plusSlopes);
            _kernel.Backward<TActivation>(_minus, _minusGradient, _minusValues, _minusSlopes);
        }

        _kernel.StoreGradient(gradient);
        return value * weight;
    }
}
