using System.Numerics;
using System.Runtime.CompilerServices;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// An activation applied to every lane of a vector, with its derivative: implemented by one struct per activation,
/// so that a kernel generic in it is compiled once per activation with the activation inlined.
/// </summary>
internal interface IVectorActivation
{
    /// <summary>The activation's value at every lane of <paramref name="z"/> and its derivative there.</summary>
    static abstract (Vector<double> Value, Vector<double> Slope) Apply(Vector<double> z);
}

/// <summary>max(0, z); slope 1 where z is positive, as in TorchSharp's backward pass.</summary>
internal readonly struct VectorRelu : IVectorActivation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<double> Value, Vector<double> Slope) Apply(Vector<double> z)
    {
        var positive = Vector.GreaterThan(z, Vector<double>.Zero);
        return (Vector.ConditionalSelect(positive, z, Vector<double>.Zero), Vector.ConditionalSelect(positive, Vector<double>.One, Vector<double>.Zero));
    }
}

/// <summary>tanh z = 1 − 2 / (e^{2z} + 1), which saturates to ±1 without overflow; slope 1 − tanh².</summary>
internal readonly struct VectorTanh : IVectorActivation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<double> Value, Vector<double> Slope) Apply(Vector<double> z)
    {
        var one = Vector<double>.One;
        var t = one - (new Vector<double>(2) / (Vector.Exp(z + z) + one));
        return (t, one - (t * t));
    }
}

/// <summary>log(1 + e^z), and z itself above TorchSharp's threshold 20; slope e^z / (1 + e^z), and 1 above it.</summary>
internal readonly struct VectorSoftplus : IVectorActivation
{
    private const double Threshold = 20;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<double> Value, Vector<double> Slope) Apply(Vector<double> z)
    {
        var one = Vector<double>.One;
        var e = Vector.Exp(z);
        var u = one + e;

        // log(u) · e / (u − 1) is log(1 + e) to full relative precision even where 1 + e rounds to 1 + (e + error).
        var log = Vector.ConditionalSelect(Vector.Equals(u, one), e, Vector.Log(u) * e / (u - one));
        var linear = Vector.GreaterThan(z, new Vector<double>(Threshold));
        return (Vector.ConditionalSelect(linear, z, log), Vector.ConditionalSelect(linear, one, e / u));
    }
}

/// <summary>z · σ(z); slope σ(z) (1 + z (1 − σ(z))).</summary>
internal readonly struct VectorSilu : IVectorActivation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<double> Value, Vector<double> Slope) Apply(Vector<double> z)
    {
        var one = Vector<double>.One;
        var s = one / (one + Vector.Exp(-z));
        return (z * s, s * (one + (z * (one - s))));
    }
}
