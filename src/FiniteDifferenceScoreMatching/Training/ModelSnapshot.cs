using FiniteDifferenceScoreMatching.Models;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>A copy of the model's parameters taken during training.</summary>
public sealed class ModelSnapshot
{
    internal ModelSnapshot(int epoch, ParameterSnapshot parameters)
    {
        Epoch = epoch;
        Parameters = parameters;
    }

    /// <summary>Gets the number of epochs the trainer had completed when the copy was taken (0 before any).</summary>
    public int Epoch { get; }

    /// <summary>Gets the parameters, as managed data.</summary>
    public ParameterSnapshot Parameters { get; }
}
