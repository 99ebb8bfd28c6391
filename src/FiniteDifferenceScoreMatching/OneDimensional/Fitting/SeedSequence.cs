namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>
/// Derives independent-looking seeds from one seed and a stream number, so that nearby seeds (1, 2, 3, …) and
/// nearby restarts never share a seed.
/// </summary>
internal static class SeedSequence
{
    /// <summary>The SplitMix64 finaliser of <paramref name="seed"/> advanced <paramref name="stream"/> + 1 steps.</summary>
    public static long Derive(long seed, long stream)
    {
        unchecked
        {
            var z = (ulong)seed + ((ulong)(stream + 1) * 0x9E3779B97F4A7C15UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (long)(z ^ (z >> 31));
        }
    }

    /// <summary>A <see cref="Random"/> seeded from <see cref="Derive"/>.</summary>
    public static Random Random(long seed, long stream) => new(unchecked((int)Derive(seed, stream)));
}
