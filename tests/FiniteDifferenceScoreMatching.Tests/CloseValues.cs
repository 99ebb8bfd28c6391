namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>Element-by-element comparison of arrays of doubles, relative to the largest expected magnitude.</summary>
internal static class CloseValues
{
    /// <summary>
    /// Asserts that the arrays have the same length and that every element differs by at most
    /// <paramref name="relative"/> times the larger of 1 and the largest magnitude in <paramref name="expected"/>.
    /// </summary>
    public static void Assert(double[] actual, double[] expected, double relative)
    {
        actual.Should().HaveSameCount(expected);
        var scale = Math.Max(1, expected.Max(Math.Abs));
        for (var i = 0; i < expected.Length; i++)
        {
            actual[i].Should().BeApproximately(expected[i], relative * scale, "element {0}", i);
        }
    }
}
