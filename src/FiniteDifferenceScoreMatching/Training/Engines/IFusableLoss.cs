namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>A loss that the fused engine can evaluate for some networks without tensors.</summary>
internal interface IFusableLoss
{
    /// <summary>
    /// The loss as a managed objective of a network of <paramref name="layout"/>, or <see langword="null"/> when it has
    /// none for that network or for mini-batches when <paramref name="batched"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A step of the loss vanishes next to its points in the network's dtype.</exception>
    IFusedObjective? CreateObjective(NetworkLayout layout, bool batched);
}
