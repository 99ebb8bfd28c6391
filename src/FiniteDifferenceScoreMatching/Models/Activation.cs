namespace FiniteDifferenceScoreMatching.Models;

/// <summary>The nonlinearity between the layers of an <see cref="MlpScoreModel"/>.</summary>
public enum Activation
{
    /// <summary>max(0, x): piecewise linear, as in the original example; its derivative in x is piecewise constant.</summary>
    Relu,

    /// <summary>tanh(x): smooth and bounded.</summary>
    Tanh,

    /// <summary>log(1 + eˣ): a smooth ReLU, with derivatives of every order.</summary>
    Softplus,

    /// <summary>x·σ(x), also called swish: smooth and non-monotone.</summary>
    Silu,
}
