using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching;

/// <summary>Builds tensors from managed data, leaving no intermediate tensor behind.</summary>
internal static class TensorFactory
{
    /// <summary>Creates a new [N, 1] tensor of <paramref name="values"/>, owned by the caller.</summary>
    public static Tensor Column(IReadOnlyList<double> values, ScalarType dtype, Device device)
    {
        var array = values as double[] ?? [.. values];
        using var gate = TorchGate.Enter();
        using var scope = NewDisposeScope();
        return tensor(array, [array.Length, 1], ScalarType.Float64).to(dtype, device).MoveToOuterDisposeScope();
    }

    /// <summary>Creates a new [N, d] tensor of the rows of <paramref name="values"/>, owned by the caller.</summary>
    public static Tensor Matrix(double[,] values, ScalarType dtype, Device device)
    {
        var flat = new double[values.Length];
        Buffer.BlockCopy(values, 0, flat, 0, flat.Length * sizeof(double));
        using var gate = TorchGate.Enter();
        using var scope = NewDisposeScope();
        return tensor(flat, [values.GetLength(0), values.GetLength(1)], ScalarType.Float64).to(dtype, device).MoveToOuterDisposeScope();
    }
}
