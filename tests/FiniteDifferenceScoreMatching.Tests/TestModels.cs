using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests;

internal static class TestModels
{
    /// <summary>ψ(x) = slope·x + intercept, as a one-unit linear layer wrapped by the adapter.</summary>
    public static ModuleScoreModel Affine(double slope, double intercept, ScalarType dtype = ScalarType.Float64)
    {
        var layer = nn.Linear(1, 1, dtype: dtype);
        using (no_grad())
        {
            layer.weight!.fill_(slope);
            layer.bias!.fill_(intercept);
        }

        return new ModuleScoreModel(layer);
    }

    /// <summary>A smooth network in float64, whose derivatives in x exist to every order.</summary>
    public static MlpScoreModel Smooth(long seed, Activation activation = Activation.Tanh) =>
        new(seed, new MlpOptions { HiddenWidths = [16], Activation = activation, DType = ScalarType.Float64 });

    /// <summary>Evaluates ψ and its exact derivative in x, by autograd, at the given points.</summary>
    public static (double[] Score, double[] Derivative) ScoreAndDerivative(IScoreModel model, double[] points)
    {
        using var scope = NewDisposeScope();
        var x = tensor(points, [points.Length, 1], ScalarType.Float64).to(model.DType).requires_grad_(true);
        var score = model.Score(x);
        var derivative = autograd.grad([score], [x], [ones_like(score)])[0];
        return (ToArray(score.detach()), ToArray(derivative));
    }

    public static double[] ToArray(Tensor t) => t.cpu().to(ScalarType.Float64).data<double>().ToArray();

    /// <summary>The value of a loss and its gradient with respect to every parameter of the model, flattened in order.</summary>
    public static (double Value, double[] Gradients) ValueAndGradients(IScoreModel model, Func<Tensor> compute)
    {
        using var scope = NewDisposeScope();
        var parameters = model.NamedParameters().Select(p => p.Parameter).ToList();
        foreach (var p in parameters)
        {
            p.grad?.zero_();
        }

        var value = compute();
        value.backward();
        return (value.to(ScalarType.Float64).item<double>(), parameters.SelectMany(p => ToArray(p.grad!)).ToArray());
    }
}
