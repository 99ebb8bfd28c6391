using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// The random source a loss draws from at every step (directions, noise): a generator seeded once, made on the device
/// of the first model it serves, so that the same seed gives the same sequence of draws.
/// </summary>
internal sealed class LossRandomness(long seed) : IDisposable
{
    private Generator? _generator;

    /// <summary>The generator, on <paramref name="device"/> (the device it was first made on).</summary>
    public Generator On(Device device) => _generator ??= new Generator(unchecked((ulong)seed), device);

    /// <summary>Releases the generator.</summary>
    public void Dispose() => _generator?.Dispose();
}
