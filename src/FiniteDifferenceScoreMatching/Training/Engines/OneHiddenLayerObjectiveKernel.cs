using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// The finite-difference objective of a network 1 → H → 1 (an <see cref="MlpScoreModel"/> with one hidden layer) and
/// its gradient in the parameters, computed in managed code, in double precision, with the derivatives written out by
/// hand: no tensors. Each <see cref="Vector{T}"/> lane carries one point through both passes, forward and backward,
/// and the gradient is accumulated lane by lane, then summed once.
/// </summary>
/// <remarks>
/// <para>
/// The parameters are one flat vector in the order of the model's named parameters: the hidden weights (H), the
/// hidden biases (H), the output weights (H) and the output bias (1). For every point xᵢ the network runs at
/// xᵢ + δ and xᵢ − δ, giving a = ψ(xᵢ + δ) and b = ψ(xᵢ − δ); the objective adds
/// sᵢ (a + b)² + uᵢ a + vᵢ b + cᵢ (a − b)², with the weights that <see cref="FiniteDifferenceObjective"/>
/// precomputes, and back-propagates ∂/∂a and ∂/∂b through both passes.
/// </para>
/// <para>
/// Each activation's derivative is that of TorchSharp's backward pass (see <see cref="IVectorActivation"/>), so value
/// and gradient equal TorchSharp's up to rounding. The points and weights are copied once into arrays padded to a
/// whole number of vectors; the padding has weight zero, so it adds nothing to the value or the gradient.
/// </para>
/// </remarks>
internal sealed class OneHiddenLayerObjectiveKernel : IFusedObjective
{
    private readonly int _hidden;
    private readonly Activation _activation;
    private readonly FiniteDifferenceObjective _objective;
    private readonly PointSet _all;
    private readonly Vector<double>[] _plusValues;
    private readonly Vector<double>[] _plusSlopes;
    private readonly Vector<double>[] _minusValues;
    private readonly Vector<double>[] _minusSlopes;
    private readonly Vector<double>[] _inputWeightGradient;
    private readonly Vector<double>[] _hiddenBiasGradient;
    private readonly Vector<double>[] _outputWeightGradient;
    private PointSet? _batch;

    /// <summary>Creates the kernel for a network with <paramref name="hidden"/> hidden units.</summary>
    public OneHiddenLayerObjectiveKernel(int hidden, Activation activation, FiniteDifferenceObjective objective)
    {
        _hidden = hidden;
        _activation = activation;
        _objective = objective;
        var count = objective.Count;
        _all = new PointSet(count);
        objective.StackedPoints[..count].CopyTo(_all.Plus);
        objective.StackedPoints[count..].CopyTo(_all.Minus);
        objective.SquareWeights.CopyTo(_all.Square);
        objective.DifferenceWeights[..count].CopyTo(_all.PlusWeights);
        objective.DifferenceWeights[count..].CopyTo(_all.MinusWeights);
        objective.CurvatureWeights.CopyTo(_all.Curvature);
        _plusValues = new Vector<double>[hidden];
        _plusSlopes = new Vector<double>[hidden];
        _minusValues = new Vector<double>[hidden];
        _minusSlopes = new Vector<double>[hidden];
        _inputWeightGradient = new Vector<double>[hidden];
        _hiddenBiasGradient = new Vector<double>[hidden];
        _outputWeightGradient = new Vector<double>[hidden];
    }

    /// <summary>Gets the length of the flat parameter vector, 3H + 1.</summary>
    public int ParameterCount => (3 * _hidden) + 1;

    /// <inheritdoc />
    public bool Draws => false;

    /// <inheritdoc />
    public (int Offset, int Length) Block(int index) => (index * _hidden, index == 3 ? 1 : _hidden);

    /// <inheritdoc />
    public void DrawEpoch(EpochPlan plan, TorchSharp.torch.Generator generator, TorchSharp.torch.ScalarType dtype)
    {
    }

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient, ReadOnlySpan<long> batch, int step) =>
        batch.IsEmpty ? Evaluate(parameters, gradient) : Evaluate(parameters, gradient, batch);


    /// <summary>Evaluates the objective at <paramref name="parameters"/> and writes its gradient into <paramref name="gradient"/>.</summary>
    /// <returns>The objective's value.</returns>
    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient) => Evaluate(parameters, gradient, _all);

    /// <summary>
    /// Evaluates the unweighted objective over the points at <paramref name="indices"/>, the mean of
    /// ½ ψ̄² + Dψ + λ Dψ² over the batch (as <see cref="FiniteDifferenceObjective.Compute"/> does with tensors for a batch),
    /// and writes its gradient into <paramref name="gradient"/>.
    /// </summary>
    /// <returns>The objective's value over the batch.</returns>
    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient, ReadOnlySpan<long> indices)
    {
        var size = indices.Length;
        if (_batch is null || _batch.Plus.Length < size)
        {
            _batch = new PointSet(size);
        }

        var batch = _batch;
        var points = _objective.Points;
        var delta = _objective.Delta;
        if (batch.UniformSize != size)
        {
            // Every point of a batch has the same weights, which depend on the batch size alone: set them only
            // when the size changes (the last batch of an epoch may be shorter).
            batch.Use(size);
            Array.Fill(batch.Square, 1.0 / (8.0 * size), 0, size);
            Array.Fill(batch.PlusWeights, 1.0 / (2 * delta * size), 0, size);
            Array.Fill(batch.MinusWeights, -1.0 / (2 * delta * size), 0, size);
            Array.Fill(batch.Curvature, _objective.CurvatureWeight == 0 ? 0 : _objective.CurvatureWeight / (4 * delta * delta * size), 0, size);
            batch.UniformSize = size;
        }

        for (var i = 0; i < size; i++)
        {
            var x = points[(int)indices[i]];
            batch.Plus[i] = x + delta;
            batch.Minus[i] = x - delta;
        }

        return Evaluate(parameters, gradient, batch);
    }

    private double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient, PointSet points) => _activation switch
    {
        Activation.Relu => Evaluate<VectorRelu>(parameters, gradient, points),
        Activation.Tanh => Evaluate<VectorTanh>(parameters, gradient, points),
        Activation.Softplus => Evaluate<VectorSoftplus>(parameters, gradient, points),
        Activation.Silu => Evaluate<VectorSilu>(parameters, gradient, points),
        _ => throw new InvalidOperationException($"Unknown activation {_activation}."),
    };

    /// <summary>The objective and its gradient, compiled once per activation, fully optimised from the first call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Evaluate<TActivation>(ReadOnlySpan<double> parameters, Span<double> gradient, PointSet points)
        where TActivation : struct, IVectorActivation
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

        var blocks = points.Blocks;
        var plusPoints = MemoryMarshal.Cast<double, Vector<double>>(points.Plus);
        var minusPoints = MemoryMarshal.Cast<double, Vector<double>>(points.Minus);
        var squareWeights = MemoryMarshal.Cast<double, Vector<double>>(points.Square);
        var plusWeights = MemoryMarshal.Cast<double, Vector<double>>(points.PlusWeights);
        var minusWeights = MemoryMarshal.Cast<double, Vector<double>>(points.MinusWeights);
        var curvatureWeights = MemoryMarshal.Cast<double, Vector<double>>(points.Curvature);
        for (var block = 0; block < blocks; block++)
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
                (_plusValues[j], _plusSlopes[j]) = TActivation.Apply(Vector.FusedMultiplyAdd(w, xPlus, c));
                (_minusValues[j], _minusSlopes[j]) = TActivation.Apply(Vector.FusedMultiplyAdd(w, xMinus, c));
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

    /// <summary>
    /// Points and weights in arrays padded to a whole number of vectors, of which the first <see cref="Blocks"/>
    /// vectors are in use; every lane past the points in use has weight zero.
    /// </summary>
    private sealed class PointSet
    {
        public PointSet(int count)
        {
            var padded = (count + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;
            Plus = new double[padded];
            Minus = new double[padded];
            Square = new double[padded];
            PlusWeights = new double[padded];
            MinusWeights = new double[padded];
            Curvature = new double[padded];
            Use(count);
        }

        public double[] Plus { get; }

        public double[] Minus { get; }

        public double[] Square { get; }

        public double[] PlusWeights { get; }

        public double[] MinusWeights { get; }

        public double[] Curvature { get; }

        public int Blocks { get; private set; }

        /// <summary>Gets or sets the batch size whose uniform weights the arrays hold, or 0 when they hold none.</summary>
        public int UniformSize { get; set; }

        /// <summary>Uses the first <paramref name="count"/> points, zeroing the weights of the lanes after them in the last vector.</summary>
        public void Use(int count)
        {
            Blocks = (count + Vector<double>.Count - 1) / Vector<double>.Count;
            var end = Blocks * Vector<double>.Count;
            Array.Clear(Square, count, end - count);
            Array.Clear(PlusWeights, count, end - count);
            Array.Clear(MinusWeights, count, end - count);
            Array.Clear(Curvature, count, end - count);
        }
    }
}
