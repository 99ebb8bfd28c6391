using FiniteDifferenceScoreMatching.Training.Engines;

namespace FiniteDifferenceScoreMatching.OneDimensional;

/// <summary>
/// A loss that is a <see cref="FiniteDifferenceObjective"/> over fixed one-dimensional points, which the fused engine
/// evaluates for a network 1 → H → 1 through <see cref="OneHiddenLayerObjectiveKernel"/>.
/// </summary>
internal interface IFiniteDifferenceLoss : IFusableLoss
{
    /// <summary>Gets the objective the loss evaluates.</summary>
    FiniteDifferenceObjective Objective { get; }

    /// <inheritdoc />
    IFusedObjective? IFusableLoss.CreateObjective(NetworkLayout layout, bool batched)
    {
        if (layout.Dimension != 1 || (batched && !Objective.IsSampleMean))
        {
            return null;
        }

        Objective.ThrowIfDeltaVanishes(layout.DType);
        return new OneHiddenLayerObjectiveKernel(layout.Hidden, layout.Activation, Objective);
    }
}
