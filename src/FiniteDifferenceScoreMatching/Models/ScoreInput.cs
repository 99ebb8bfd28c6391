using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>The check of the points handed to a network's score, shared by <see cref="MlpScoreModel"/> and <see cref="MlpEnsemble"/>.</summary>
internal static class ScoreInput
{
    /// <summary>Throws unless <paramref name="x"/> has shape [N, d] (or [N] when d = 1) and the given dtype and device.</summary>
    /// <param name="x">The points.</param>
    /// <param name="dtype">The dtype of the network.</param>
    /// <param name="device">The device of the network.</param>
    /// <param name="dimension">The number of coordinates d of a point.</param>
    /// <param name="owner">What the network is called in the message: "model" or "ensemble".</param>
    public static void ThrowIfInvalid(Tensor x, ScalarType dtype, Device device, int dimension, string owner)
    {
        ArgumentNullException.ThrowIfNull(x);
        var rank = x.dim();
        if (rank is 0 or > 2 || (rank == 2 && x.size(1) != dimension) || (rank == 1 && dimension != 1))
        {
            var expected = dimension == 1 ? "[N] or [N, 1]" : $"[N, {dimension}]";
            throw new ArgumentException($"The points must have shape {expected}, not [{string.Join(", ", x.shape)}].", nameof(x));
        }

        if (x.dtype != dtype || x.device_type != device.type)
        {
            throw new ArgumentException($"The points are {x.dtype} on {x.device}, but the {owner} is {dtype} on {device}.", nameof(x));
        }
    }
}
