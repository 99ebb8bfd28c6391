using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching;

/// <summary>The range of TorchSharp's floating-point dtypes, for checks made before a value is converted to one.</summary>
internal static class FloatingRange
{
    /// <summary>The largest finite magnitude of <paramref name="dtype"/>; that of double for any dtype not narrower.</summary>
    public static double Largest(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => float.MaxValue,
        ScalarType.Float16 => (double)Half.MaxValue,
        ScalarType.BFloat16 => 3.3895313892515355e38,
        _ => double.MaxValue,
    };
}
