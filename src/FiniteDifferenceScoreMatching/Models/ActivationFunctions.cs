using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>Applies an <see cref="Activation"/> to a tensor.</summary>
internal static class ActivationFunctions
{
    /// <summary>Returns a new tensor, the activation applied element by element to <paramref name="input"/>.</summary>
    public static Tensor Apply(Tensor input, Activation activation) => activation switch
    {
        Activation.Relu => nn.functional.relu(input),
        Activation.Tanh => input.tanh(),
        Activation.Softplus => nn.functional.softplus(input),
        Activation.Silu => nn.functional.silu(input),
        _ => throw new InvalidOperationException($"Unknown activation {activation}."),
    };
}
