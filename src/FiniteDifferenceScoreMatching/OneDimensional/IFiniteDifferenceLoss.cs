namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// A loss that is a <see cref="FiniteDifferenceObjective"/> over fixed one-dimensional points, which the fused training
/// engine can evaluate without tensors.
/// </summary>
internal interface IFiniteDifferenceLoss
{
    /// <summary>Gets the objective the loss evaluates.</summary>
    FiniteDifferenceObjective Objective { get; }
}
