using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// A score model whose log-density is the integral of a cubic spline in the sinh-arcsinh coordinate
/// u = asinh((x − c) / s), or in the affine u = (x − c) / s: ψ_U(u) = Σₖ θₖ Bₖ(u) over cubic B-splines Bₖ on the knots, continued by its end values
/// beyond them, and in x, ψ(x) = ψ_U(u) · du/dx + d/dx log(du/dx).
/// </summary>
/// <remarks>
/// <para>
/// The score is linear in its coefficients θ, so the finite-difference score-matching loss is quadratic in them and
/// <see cref="Fitting.ScoreMatchingFit"/> minimises it exactly; the coefficients are also an ordinary parameter that a
/// <see cref="Training.Trainer"/> can train with any loss.
/// </para>
/// <para>
/// Knots placed at quantiles of the samples make the spline fine where samples are dense and coarse where they are
/// sparse, so that narrow and wide features are resolved alike. The coordinate makes tails that fall as a power of x
/// fall exponentially in u, where a constant score ψ_U describes them; ψ_U(u) → −ν gives p(x) ∝ |x|^(−ν−1) far out.
/// </para>
/// </remarks>
public sealed class SplineScoreModel : IScoreModel
{
    private readonly CubicBSplineBasis _basis;
    private readonly Parameter _coefficients;
    private readonly Tensor _knots;
    private readonly Tensor _pieces;
    private bool _disposed;

    /// <summary>Creates the model.</summary>
    /// <param name="knots">The knots in u: at least two, finite and strictly increasing.</param>
    /// <param name="coefficients">The coefficients θ, one per B-spline: two more than the knots; finite.</param>
    /// <param name="center">The centre c; finite.</param>
    /// <param name="scale">The scale s; finite and positive.</param>
    /// <param name="sinhArcsinh">Whether the coordinate is u = asinh((x − c) / s), rather than the affine u = (x − c) / s.</param>
    /// <param name="dtype">The dtype of the coefficients and of the points <see cref="Score"/> takes: Float32 or Float64.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An argument is out of range, or the counts of knots and coefficients do not match.</exception>
    public SplineScoreModel(IReadOnlyList<double> knots, IReadOnlyList<double> coefficients, double center, double scale, bool sinhArcsinh = true, ScalarType dtype = ScalarType.Float64)
    {
        _basis = new CubicBSplineBasis(knots);
        Guard.ThrowIfAnyNotFinite(coefficients, nameof(coefficients));
        if (coefficients.Count != _basis.Count)
        {
            throw new ArgumentException($"{knots.Count} knots need {_basis.Count} coefficients, but there are {coefficients.Count}.", nameof(coefficients));
        }

        Guard.ThrowIfNotFinite(center, nameof(center));
        Guard.ThrowIfNotFinitePositive(scale, nameof(scale));
        if (dtype is not (ScalarType.Float32 or ScalarType.Float64))
        {
            throw new ArgumentException($"The dtype must be Float32 or Float64, not {dtype}.", nameof(dtype));
        }

        Map = new CoordinateMap(center, scale, sinhArcsinh);
        DType = dtype;
        using (var scope = NewDisposeScope())
        {
            _coefficients = new Parameter(tensor(coefficients.ToArray(), ScalarType.Float64).to(dtype));
            _knots = tensor(_basis.Knots.ToArray(), ScalarType.Float64).to(dtype);
            _pieces = tensor(PiecewisePolynomials(_basis), [4 * (_basis.Knots.Count - 1), _basis.Count], ScalarType.Float64).to(dtype);
            _knots.DetachFromDisposeScope();
            _pieces.DetachFromDisposeScope();
            _coefficients.DetachFromDisposeScope();
        }
    }

    /// <summary>Gets the knots in u.</summary>
    public IReadOnlyList<double> Knots => _basis.Knots;

    /// <summary>Gets the centre c of the coordinate.</summary>
    public double Center => Map.Center;

    /// <summary>Gets the scale s of the coordinate.</summary>
    public double Scale => Map.Scale;

    /// <summary>Gets a value indicating whether the coordinate is u = asinh((x − c) / s) rather than u = (x − c) / s.</summary>
    public bool SinhArcsinh => Map.IsAsinh;

    /// <inheritdoc/>
    public ScalarType DType { get; }

    /// <inheritdoc/>
    public Device Device => CPU;

    internal CoordinateMap Map { get; }

    internal CubicBSplineBasis Basis => _basis;

    /// <summary>Gets a copy of the current coefficients θ.</summary>
    /// <returns>A new array, one value per B-spline.</returns>
    public double[] GetCoefficients()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = NewDisposeScope();
        return _coefficients.detach().to(ScalarType.Float64).data<double>().ToArray();
    }

    /// <inheritdoc/>
    public Tensor Score(Tensor x)
    {
        using var gate = TorchGate.Enter();
        ObjectDisposedException.ThrowIf(_disposed, this);
        ScoreInput.ThrowIfInvalid(x, DType, Device, 1, "model");
        using var scope = NewDisposeScope();
        var z = (x - Center) / Scale;
        var u = (SinhArcsinh ? z.asinh() : z).clamp(_basis.Lower, _basis.Upper);
        var interval = (searchsorted(_knots, u.detach(), right: true) - 1).clamp(0, _basis.Knots.Count - 2);
        var local = u - _knots.index_select(0, interval.flatten()).view_as(u);

        // The cubic of each knot interval, c₀ + c₁t + c₂t² + c₃t³ in t = u − tᵢ, is linear in θ.
        var cubics = matmul(_pieces, _coefficients).view(-1, 4);
        var c = cubics.index_select(0, interval.flatten()).view([.. u.shape, 4]);
        var c0 = c.select(-1, 0);
        var c1 = c.select(-1, 1);
        var c2 = c.select(-1, 2);
        var c3 = c.select(-1, 3);
        var scoreInU = c0 + (local * (c1 + (local * (c2 + (local * c3)))));
        if (!SinhArcsinh)
        {
            return (scoreInU / Scale).MoveToOuterDisposeScope();
        }

        var root = (1 + z.square()).sqrt();
        return ((scoreInU - (z / root)) / (Scale * root)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        yield return ("coefficients", _coefficients);
    }

    /// <summary>Releases the coefficients and the model's constant tensors.</summary>
    public void Dispose()
    {
        using var gate = TorchGate.Enter();
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _coefficients.Dispose();
        _knots.Dispose();
        _pieces.Dispose();
    }

    /// <summary>
    /// The matrix that maps θ to the power-basis coefficients (c₀, c₁, c₂, c₃) of each knot interval, row-major with
    /// four rows per interval: each B-spline's cubic there, found from its values at four points of the interval.
    /// </summary>
    private static double[] PiecewisePolynomials(CubicBSplineBasis basis)
    {
        var intervals = basis.Knots.Count - 1;
        var n = basis.Count;
        var matrix = new double[4 * intervals * n];
        Span<double> values = stackalloc double[CubicBSplineBasis.Support];
        for (var i = 0; i < intervals; i++)
        {
            var start = basis.Knots[i];
            var width = basis.Knots[i + 1] - start;

            // Values of every B-spline at t = 0, w/3, 2w/3 and w (B-splines are continuous, so the end is shared with the next interval).
            var samples = new double[4, n];
            for (var p = 0; p < 4; p++)
            {
                var t = width * p / 3;
                var first = basis.Evaluate(start + t, values);
                for (var k = 0; k < CubicBSplineBasis.Support; k++)
                {
                    samples[p, first + k] = values[k];
                }
            }

            // Newton's divided differences on the four points, turned into power-basis coefficients of t.
            var h = width / 3;
            for (var k = 0; k < n; k++)
            {
                var (y0, y1, y2, y3) = (samples[0, k], samples[1, k], samples[2, k], samples[3, k]);
                var d1 = (y1 - y0) / h;
                var d2 = (y2 - (2 * y1) + y0) / (2 * h * h);
                var d3 = (y3 - (3 * y2) + (3 * y1) - y0) / (6 * h * h * h);

                // y = y0 + d1 t + d2 t (t − h) + d3 t (t − h)(t − 2h)
                var row = 4 * i * n;
                matrix[row + k] = y0;
                matrix[row + n + k] = d1 - (d2 * h) + (d3 * 2 * h * h);
                matrix[row + (2 * n) + k] = d2 - (d3 * 3 * h);
                matrix[row + (3 * n) + k] = d3;
            }
        }

        return matrix;
    }
}
