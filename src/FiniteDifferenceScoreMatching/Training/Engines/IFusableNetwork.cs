namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>A network that the fused engine may train, when its <see cref="Layout"/> is covered.</summary>
internal interface IFusableNetwork
{
    /// <summary>Gets the network's layout, or <see langword="null"/> when the fused engine does not cover it.</summary>
    NetworkLayout? Layout { get; }

    /// <summary>Gets a value indicating whether the network has been disposed.</summary>
    bool IsDisposed { get; }
}
