using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// The score model whose score is the mean of an ensemble's members' scores, ψ(x) = (1/K) Σₖ ψₖ(x).
/// </summary>
/// <remarks>
/// <para>
/// Averaging scores averages log-densities: the density recovered from the mean score is the normalised geometric
/// mean of the members' densities. Where the members agree it changes nothing; where they disagree, as independent
/// initialisations do about the weight of a mode that few samples support, it takes the middle course and removes
/// much of the dependence of the fit on any one initialisation.
/// </para>
/// <para>
/// The model takes ownership of the ensemble: disposing the model disposes the ensemble. Its parameters are the
/// ensemble's, so it can be trained, checkpointed and snapshotted like any other <see cref="IScoreModel"/>.
/// </para>
/// </remarks>
public sealed class EnsembleMeanScoreModel : IScoreModel
{
    /// <summary>Creates the model, which takes ownership of <paramref name="ensemble"/>.</summary>
    /// <param name="ensemble">The members to average; disposed with this model.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ensemble"/> is null.</exception>
    public EnsembleMeanScoreModel(MlpEnsemble ensemble)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        Ensemble = ensemble;
    }

    /// <summary>Gets the ensemble whose members are averaged.</summary>
    public MlpEnsemble Ensemble { get; }

    /// <inheritdoc />
    public ScalarType DType => Ensemble.DType;

    /// <inheritdoc />
    public Device Device => Ensemble.Device;

    /// <inheritdoc />
    public int Dimension => Ensemble.Dimension;

    /// <summary>Evaluates the mean of the members' scores at the points <paramref name="x"/>.</summary>
    /// <param name="x">The points: shape [N, d] (or [N] when d = 1), the ensemble's dtype and device. Not modified, not disposed.</param>
    /// <returns>A new tensor of <paramref name="x"/>'s shape, connected to the autograd graph; the caller owns it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> has another shape, dtype or device.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public Tensor Score(Tensor x)
    {
        using var gate = TorchGate.Enter();
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        return Ensemble.Score(x).mean([0]).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => Ensemble.NamedParameters();

    /// <summary>Disposes the ensemble. Calling it again does nothing.</summary>
    public void Dispose() => Ensemble.Dispose();
}
