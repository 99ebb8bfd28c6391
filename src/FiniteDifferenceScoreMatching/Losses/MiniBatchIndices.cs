using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>The argument check shared by the <see cref="IMiniBatchLoss"/> implementations.</summary>
internal static class MiniBatchIndices
{
    /// <summary>Throws unless <paramref name="indices"/> is a non-empty 1-D int64 tensor.</summary>
    public static void ThrowIfInvalid(Tensor indices, string name = "indices")
    {
        ArgumentNullException.ThrowIfNull(indices, name);
        if (indices.dim() != 1 || indices.dtype != ScalarType.Int64 || indices.size(0) == 0)
        {
            throw new ArgumentException($"The indices must be a non-empty 1-D Int64 tensor, not {indices.dtype} of shape [{string.Join(", ", indices.shape)}].", name);
        }
    }
}
