using FiniteDifferenceScoreMatching.OneDimensional.Density;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// The score of a mixture Σₖ wₖ pₖ whose components have score models of their own:
/// s(x) = Σₖ πₖ(x) sₖ(x), with πₖ(x) = wₖ pₖ(x) / p(x) the share of component k at x, taken from the mixture's
/// <see cref="ScoreDensity"/>. The shares are evaluated without gradient; the components' scores keep theirs.
/// </summary>
internal sealed class MixtureScoreModel : IScoreModel
{
    private readonly IScoreModel[] _components;
    private readonly ScoreDensity _density;
    private bool _disposed;

    /// <summary>Creates the model, which takes <paramref name="components"/> over and disposes of them.</summary>
    public MixtureScoreModel(IReadOnlyList<IScoreModel> components, ScoreDensity density)
    {
        if (components.Count != density.ComponentCount || components.Count < 2)
        {
            throw new ArgumentException($"A mixture of {density.ComponentCount} densities needs as many score models, at least two; got {components.Count}.", nameof(components));
        }

        _components = [.. components];
        _density = density;
        DType = _components[0].DType;
        Device = _components[0].Device;
    }

    /// <inheritdoc/>
    public ScalarType DType { get; }

    /// <inheritdoc/>
    public Device Device { get; }

    /// <inheritdoc/>
    /// <remarks>The caller owns the tensor returned.</remarks>
    public Tensor Score(Tensor x)
    {
        using var gate = TorchGate.Enter();
        ObjectDisposedException.ThrowIf(_disposed, this);
        ScoreInput.ThrowIfInvalid(x, DType, Device, 1, "model");
        using var scope = NewDisposeScope();
        var points = x.detach().to(ScalarType.Float64).cpu().data<double>().ToArray();
        var count = _components.Length;
        var shares = new double[count * points.Length];
        var row = new double[count];
        for (var i = 0; i < points.Length; i++)
        {
            _density.ComponentShares(points[i], row);
            for (var k = 0; k < count; k++)
            {
                shares[(k * points.Length) + i] = row[k];
            }
        }

        var weights = tensor(shares).reshape(count, points.Length).to(DType, Device).view([count, .. x.shape]);
        var scores = stack(_components.Select(c => c.Score(x)));
        return (weights * scores).sum(dim: 0).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _components.SelectMany((c, k) => c.NamedParameters().Select(p => ($"component{k}.{p.Name}", p.Parameter)));
    }

    /// <summary>Releases the components' models.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var component in _components)
        {
            component.Dispose();
        }
    }
}
