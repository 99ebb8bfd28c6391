using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// A fully connected layer y = σ(x Wᵀ + b) whose parameters are drawn from a caller's generator.
/// </summary>
/// <remarks>
/// TorchSharp's own <c>Linear</c> draws its initial parameters from the global generator, which library code must not
/// touch (and its <c>nn.init</c> functions ignore the generator they are given), so this layer draws them itself.
/// </remarks>
internal sealed class DenseLayer : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly Parameter _bias;
    private readonly Activation? _activation;

    /// <summary>Creates a layer whose parameters are drawn from <paramref name="generator"/> as <paramref name="initialization"/> says.</summary>
    public DenseLayer(int inputs, int outputs, Activation? activation, MlpInitialization initialization, ScalarType dtype, Generator generator)
        : base(nameof(DenseLayer))
    {
        if (initialization == MlpInitialization.Glorot)
        {
            _weight = Uniform([outputs, inputs], Math.Sqrt(6.0 / (inputs + outputs)), dtype, generator);
            _bias = new Parameter(zeros(outputs, dtype));
        }
        else
        {
            var bound = 1.0 / Math.Sqrt(inputs);
            _weight = Uniform([outputs, inputs], bound, dtype, generator);
            _bias = Uniform([outputs], bound, dtype, generator);
        }

        _activation = activation;
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
    }

    /// <summary>
    /// Builds the layers of a network <paramref name="inputs"/> → the options' hidden widths → <paramref name="outputs"/>,
    /// the hidden ones with the options' activation, the last without, drawn in order from <paramref name="generator"/>.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Stack(int inputs, int outputs, MlpOptions options, Generator generator)
    {
        var module = nn.Sequential();
        for (var i = 0; i < options.HiddenWidths.Count; i++)
        {
            module.append($"hidden{i}", new DenseLayer(inputs, options.HiddenWidths[i], options.Activation, options.Initialization, options.DType, generator));
            inputs = options.HiddenWidths[i];
        }

        module.append("output", new DenseLayer(inputs, outputs, null, options.Initialization, options.DType, generator));
        return module;
    }

    /// <summary>Gets the weight matrix, of shape [outputs, inputs].</summary>
    public Parameter Weight => _weight;

    /// <summary>Gets the bias, of shape [outputs].</summary>
    public Parameter Bias => _bias;

    /// <inheritdoc />
    /// <remarks>The caller disposes the intermediate result (the pre-activation), for example with a dispose scope.</remarks>
    public override Tensor forward(Tensor input)
    {
        var linear = nn.functional.linear(input, _weight, _bias);
        return _activation is { } activation ? ActivationFunctions.Apply(linear, activation) : linear;
    }

    private static Parameter Uniform(long[] shape, double bound, ScalarType dtype, Generator generator)
    {
        using var scope = NewDisposeScope();
        var values = (rand(shape, ScalarType.Float64, generator: generator) * (2 * bound)) - bound;
        return new Parameter(values.to(dtype).DetachFromDisposeScope());
    }
}
