using FiniteDifferenceScoreMatching.Models;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>A copy of the model's parameters taken during training.</summary>
/// <param name="Epoch">The number of epochs the trainer had completed when the copy was taken (0 before any).</param>
/// <param name="Parameters">The parameters, as managed data.</param>
public sealed record ModelSnapshot(int Epoch, ParameterSnapshot Parameters);
