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
internal sealed class SlicedFiniteDifferenceObjective : DenseObjective
{
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
        : base(samples, hidden, activation)
    {
        (_epsilon, _directions) = (epsilon, directions);
        var d = Dimension;
        (_plus, _minus, _a, _b, _plusGradient, _minusGradient) = (new double[d], new double[d], new double[d], new double[d], new double[d], new double[d]);
        var vectors = Kernel.HiddenVectors;
        (_plusValues, _plusSlopes, _minusValues, _minusSlopes) = (new Vector<double>[vectors], new Vector<double>[vectors], new Vector<double>[vectors], new Vector<double>[vectors]);
    }

    /// <inheritdoc />
    public override bool Draws => true;

    /// <inheritdoc />
    public override void DrawEpoch(EpochPlan plan, Generator generator, ScalarType dtype)
    {
        _steps.Clear();
        var (count, size) = plan.Batched ? (plan.Count, plan.BatchSize) : (StepSize(default), StepSize(default));
        for (var start = 0; start < count; start += size)
        {
            var rows = _directions * Math.Min(size, count - start);
            using var scope = NewDisposeScope();
            var u = randn([rows, Dimension], dtype, CPU, generator: generator);
            var v = (u * (_epsilon / u.norm(1, keepdim: true))).to(ScalarType.Float64);
            _steps.Add(v.data<double>().ToArray());
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override double Evaluate<TActivation>(ReadOnlySpan<double> parameters, Span<double> gradient, ReadOnlySpan<long> batch, int step)
    {
        var d = Dimension;
        var size = StepSize(batch);
        var rows = _directions * size;
        var directions = _steps[step];
        var weight = 1.0 / rows;
        var c = d / (2 * _epsilon * _epsilon);
        var value = 0.0;
        Kernel.Load(parameters);
        for (var row = 0; row < rows; row++)
        {
            var sample = row % size;
            var x = Sample(batch, sample);
            var v = directions.AsSpan(row * d, d);
            for (var i = 0; i < d; i++)
            {
                (_plus[i], _minus[i]) = (x[i] + v[i], x[i] - v[i]);
            }

            Kernel.Forward<TActivation>(_plus, _a, _plusValues, _plusSlopes);
            Kernel.Forward<TActivation>(_minus, _b, _minusValues, _minusSlopes);
            for (var i = 0; i < d; i++)
            {
                var sum = _a[i] + _b[i];
                value += (sum * sum / 8) + (c * (_a[i] - _b[i]) * v[i]);
                _plusGradient[i] = weight * ((sum / 4) + (c * v[i]));
                _minusGradient[i] = weight * ((sum / 4) - (c * v[i]));
            }

            Kernel.Backward<TActivation>(_plus, _plusGradient, _plusValues, _plusSlopes);
            Kernel.Backward<TActivation>(_minus, _minusGradient, _minusValues, _minusSlopes);
        }

        Kernel.StoreGradient(gradient);
        return value * weight;
    }
}
