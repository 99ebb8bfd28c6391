using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// A parametric score model ψ(x; θ) ≈ ∇ log p(x) of a distribution on d coordinates.
/// </summary>
/// <remarks>
/// <para>
/// Implementations own their parameters and release them in <see cref="IDisposable.Dispose"/>. Losses and the
/// <see cref="Training.Trainer"/> call <see cref="Score"/> inside dispose scopes and never dispose the model.
/// </para>
/// <para>
/// A model may be an ensemble of K independent members (<see cref="Members"/>), such as <see cref="MlpEnsemble"/>:
/// its scores then have a leading member dimension, and each of its parameters a leading dimension of K, slice k
/// belonging to member k alone. A loss gives one value per member and the trainer trains every member at once.
/// </para>
/// </remarks>
public interface IScoreModel : IDisposable
{
    /// <summary>Gets the element type of the parameters, and of the inputs that <see cref="Score"/> accepts.</summary>
    ScalarType DType { get; }

    /// <summary>Gets the device the parameters live on.</summary>
    Device Device { get; }

    /// <summary>Gets the number of coordinates d of a point; 1 unless the model says otherwise.</summary>
    int Dimension => 1;

    /// <summary>Gets the number of independent members K of an ensemble; 1 for a single model.</summary>
    int Members => 1;

    /// <summary>Evaluates ψ at every point of a batch, keeping the autograd graph.</summary>
    /// <param name="x">
    /// The points, of shape [N, d] (or [N] when d = 1), of the model's <see cref="DType"/> and <see cref="Device"/>;
    /// not disposed.
    /// </param>
    /// <returns>
    /// A new tensor owned by the caller: of the same shape as <paramref name="x"/>, row n the score at point n; for an
    /// ensemble, [K, …] with member k's scores at slice k.
    /// </returns>
    Tensor Score(Tensor x);

    /// <summary>Lists the trainable parameters with stable, unique names.</summary>
    /// <returns>The live parameters, owned by the model: do not dispose them.</returns>
    IEnumerable<(string Name, Parameter Parameter)> NamedParameters();
}
