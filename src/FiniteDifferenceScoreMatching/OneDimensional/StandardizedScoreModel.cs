using FiniteDifferenceScoreMatching.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// The score of X = c + s·Z given a model of the score of Z: ψ_X(x) = ψ_Z((x − c) / s) / s.
/// </summary>
/// <remarks>
/// <para>
/// A fit on standardised samples z = (x − c) / s learns the score of Z; this model turns it back into the score of
/// the original variable, so that it can be evaluated, integrated into a pdf and compared in the samples' own units.
/// <c>ScoreMatchingFit.Fit</c> returns one when it standardises (<c>FitOptions.Standardize</c>).
/// </para>
/// <para>
/// The model takes ownership of the inner model: disposing it disposes the inner model. Its parameters are the inner
/// model's, so it can be trained like any other <see cref="IScoreModel"/>; training it on samples x trains the inner
/// model on the score of Z.
/// </para>
/// </remarks>
public sealed class StandardizedScoreModel : IScoreModel
{
    private bool _disposed;

    /// <summary>Creates the model, which takes ownership of <paramref name="inner"/>.</summary>
    /// <param name="inner">The model of the score of the standardised variable Z; disposed with this model.</param>
    /// <param name="center">c, the value of x where z = 0.</param>
    /// <param name="scale">s, the length in x of one unit of z; finite and positive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="center"/> is not finite, or <paramref name="scale"/> is not finite and positive.</exception>
    public StandardizedScoreModel(IScoreModel inner, double center, double scale)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Guard.ThrowIfNotFinite(center, nameof(center));
        Guard.ThrowIfNotFinitePositive(scale, nameof(scale));
        Inner = inner;
        Center = center;
        Scale = scale;
    }

    /// <summary>Gets the model of the score of the standardised variable.</summary>
    public IScoreModel Inner { get; }

    /// <summary>Gets c, the value of x where z = 0.</summary>
    public double Center { get; }

    /// <summary>Gets s, the length in x of one unit of z.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public ScalarType DType => Inner.DType;

    /// <inheritdoc />
    public Device Device => Inner.Device;

    /// <summary>Evaluates ψ_Z((x − c) / s) / s at the points <paramref name="x"/>.</summary>
    /// <remarks>
    /// The points come in the model's dtype: in float32, points whose distance from c is tiny compared with c itself
    /// lose digits before they are standardised (at |c| / s = 10⁶, up to about 0.06 of a unit of z). <see cref="ScoreModelExtensions.ScoreAt(IScoreModel, IReadOnlyList{double})"/>
    /// standardises in double precision first and has no such loss.
    /// </remarks>
    /// <param name="x">The points, in the units of the samples; any shape the inner model accepts. Not modified, not disposed.</param>
    /// <returns>A new tensor of <paramref name="x"/>'s shape, connected to the autograd graph; the caller owns it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public Tensor Score(Tensor x)
    {
        using var gate = TorchGate.Enter();
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var z = (x - Center) / Scale;
        return (Inner.Score(z) / Scale).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => Inner.NamedParameters();

    /// <summary>
    /// ψ_X at <paramref name="points"/>, checked by the caller, with z = (x − c) / s computed in double precision
    /// before the inner model's dtype; what <see cref="ScoreModelExtensions.ScoreAt(IScoreModel, IReadOnlyList{double})"/> uses for this model.
    /// </summary>
    internal double[] ScoreAtStandardizedInDouble(IReadOnlyList<double> points)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var z = points.Select(x => (x - Center) / Scale).ToArray();
        return Inner.ScoreAt(z).Select(score => score / Scale).ToArray();
    }

    /// <summary>Disposes the inner model. Calling it again does nothing.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Inner.Dispose();
    }
}
