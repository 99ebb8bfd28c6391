namespace FiniteDifferenceScoreMatching.Models;

/// <summary>How an <see cref="MlpScoreModel"/> draws its initial parameters (always from the caller's generator).</summary>
public enum MlpInitialization
{
    /// <summary>
    /// Weights uniform on ±√(6 / (fan-in + fan-out)) (Glorot and Bengio), biases zero: the initialisation of the
    /// original example.
    /// </summary>
    Glorot,

    /// <summary>Weights and biases uniform on ±1/√(fan-in): the distribution TorchSharp's <c>Linear</c> uses by default.</summary>
    TorchDefault,
}
