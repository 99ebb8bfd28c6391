using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// An immutable, managed copy of a score model's parameters: names, shapes and values in double precision.
/// </summary>
/// <remarks>
/// A snapshot holds no native memory, so it can be kept, compared and passed around freely, and restored into any
/// model with the same parameter names and shapes.
/// </remarks>
public sealed class ParameterSnapshot
{
    private readonly string[] _names;
    private readonly long[][] _shapes;
    private readonly double[][] _values;

    private ParameterSnapshot(string[] names, long[][] shapes, double[][] values)
    {
        _names = names;
        _shapes = shapes;
        _values = values;
    }

    /// <summary>Gets the parameter names, in the model's order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Gets the number of parameter tensors.</summary>
    public int Count => _names.Length;

    /// <summary>Gets the shape of the parameter at <paramref name="index"/>.</summary>
    /// <param name="index">A zero-based index smaller than <see cref="Count"/>.</param>
    /// <returns>A copy of the shape.</returns>
    public long[] GetShape(int index) => (long[])_shapes[index].Clone();

    /// <summary>Gets the values of the parameter at <paramref name="index"/>, flattened in row-major order.</summary>
    /// <param name="index">A zero-based index smaller than <see cref="Count"/>.</param>
    public IReadOnlyList<double> GetValues(int index) => _values[index];

    /// <summary>Gets every value of every parameter, concatenated in order.</summary>
    /// <returns>A new array.</returns>
    public double[] Flatten() => _values.SelectMany(v => v).ToArray();

    /// <summary>Copies the current parameters of <paramref name="model"/>.</summary>
    /// <param name="model">The model to read; not changed.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public static ParameterSnapshot Capture(IScoreModel model)
    {
        using var gate = TorchGate.Enter();
        ArgumentNullException.ThrowIfNull(model);
        var names = new List<string>();
        var shapes = new List<long[]>();
        var values = new List<double[]>();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.NamedParameters())
        {
            names.Add(name);
            shapes.Add(parameter.shape);
            values.Add(parameter.detach().cpu().to(ScalarType.Float64).data<double>().ToArray());
        }

        return new ParameterSnapshot([.. names], [.. shapes], [.. values]);
    }

    /// <summary>Writes the snapshot's values into the parameters of <paramref name="model"/>.</summary>
    /// <param name="model">A model with the same parameter names and shapes, in any dtype or device.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">The model's parameters differ in names or shapes; the model is left unchanged.</exception>
    public void RestoreInto(IScoreModel model)
    {
        using var gate = TorchGate.Enter();
        ArgumentNullException.ThrowIfNull(model);
        var parameters = model.NamedParameters().ToList();
        if (parameters.Count != Count)
        {
            throw new ArgumentException($"The model has {parameters.Count} parameters; the snapshot has {Count}.", nameof(model));
        }

        for (var i = 0; i < Count; i++)
        {
            var (name, parameter) = parameters[i];
            if (name != _names[i] || !parameter.shape.SequenceEqual(_shapes[i]))
            {
                throw new ArgumentException(
                    $"Parameter {i} of the model is '{name}' [{string.Join(", ", parameter.shape)}]; the snapshot has '{_names[i]}' [{string.Join(", ", _shapes[i])}].",
                    nameof(model));
            }
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (var i = 0; i < Count; i++)
        {
            var parameter = parameters[i].Parameter;
            parameter.copy_(tensor(_values[i], _shapes[i], ScalarType.Float64).to(parameter.dtype, parameter.device));
        }
    }
}
