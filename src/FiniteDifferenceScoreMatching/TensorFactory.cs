using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching;

/// <summary>Builds tensors from managed data.</summary>
internal static class TensorFactory
{
    /// <summary>Creates a new [N, 1] tensor of <paramref name="values"/>, owned by the caller.</summary>
    public static Tensor Column(IReadOnlyList<double> values, ScalarType dtype, Device device)
    {
        var array = values as double[] ?? [.. values];
        using var gate = TorchGate.Enter();
        return tensor(array, [array.Length, 1], ScalarType.Float64).to(dtype, device);
    }
}
