using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// Adam with the default settings of the trainers' optimizer (β = (0.9, 0.999), ε = 1e-8, no weight decay), applied
/// to managed arrays in double precision, as TorchSharp's <c>Adam.step</c> does it element by element; and the copies
/// between those arrays and the tensors that hold parameters and optimizer state.
/// </summary>
internal static class ManagedAdam
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    /// <summary>
    /// The learning rate of an Adam optimizer with one parameter group and the settings implemented here (β = (0.9,
    /// 0.999), ε = 1e-8, no weight decay, no AMSGrad, minimising), or <see langword="null"/> for any other optimizer
    /// or settings; a checkpoint may have restored other settings into a trainer's Adam.
    /// </summary>
    public static double? LearningRate(optim.Optimizer optimizer) =>
        optimizer is Adam adam && adam.state_dict().Options is [Adam.Options { beta1: Beta1, beta2: Beta2, eps: Epsilon, weight_decay: 0, amsgrad: not true, maximize: not true, LearningRate: { } rate }]
            ? rate
            : null;

    /// <summary>
    /// Computes Adam's step number <paramref name="step"/> (counted from 1) into the <c>next</c> spans, each value
    /// rounded to float32 when <paramref name="single"/> is set. Returns false as soon as an updated parameter is not
    /// finite; the inputs are never changed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryStep(
        ReadOnlySpan<double> gradient,
        ReadOnlySpan<double> parameters,
        ReadOnlySpan<double> mean,
        ReadOnlySpan<double> square,
        Span<double> nextParameters,
        Span<double> nextMean,
        Span<double> nextSquare,
        long step,
        double learningRate,
        bool single)
    {
        var stepSize = learningRate / (1 - Math.Pow(Beta1, step));
        var rootCorrection = Math.Sqrt(1 - Math.Pow(Beta2, step));
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            var m = InDType((Beta1 * mean[i]) + ((1 - Beta1) * g), single);
            var v = InDType((Beta2 * square[i]) + ((1 - Beta2) * g * g), single);
            var p = InDType(parameters[i] - (stepSize * m / ((Math.Sqrt(v) / rootCorrection) + Epsilon)), single);
            if (!double.IsFinite(p))
            {
                return false;
            }

            nextMean[i] = m;
            nextSquare[i] = v;
            nextParameters[i] = p;
        }

        return true;
    }

    /// <summary>Copies a contiguous CPU tensor of float32 or float64 into <paramref name="values"/>.</summary>
    public static void Read(Tensor tensor, Span<double> values, bool single)
    {
        if (!single)
        {
            MemoryMarshal.Cast<byte, double>(tensor.bytes).CopyTo(values);
            return;
        }

        var source = MemoryMarshal.Cast<byte, float>(tensor.bytes);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = source[i];
        }
    }

    /// <summary>Copies <paramref name="values"/> into a contiguous CPU tensor of float32 or float64, in place.</summary>
    public static void Write(Tensor tensor, ReadOnlySpan<double> values, bool single)
    {
        if (!single)
        {
            values.CopyTo(MemoryMarshal.Cast<byte, double>(tensor.bytes));
            return;
        }

        var target = MemoryMarshal.Cast<byte, float>(tensor.bytes);
        for (var i = 0; i < values.Length; i++)
        {
            target[i] = (float)values[i];
        }
    }

    /// <summary>Whether a tensor can be read and written in place as <paramref name="length"/> values of <paramref name="dtype"/>.</summary>
    public static bool Storable(Tensor tensor, ScalarType dtype, long length) =>
        tensor.dtype == dtype && tensor.device_type == TorchSharp.DeviceType.CPU && tensor.is_contiguous() && tensor.numel() == length;

    /// <summary>
    /// A value computed in double precision, as the model's dtype holds it: rounded to float32 when
    /// <paramref name="single"/> is set, so that a loss beyond float32's range is infinite, as TorchSharp would report it.
    /// </summary>
    public static double InDType(double value, bool single) => single ? (float)value : value;
}
