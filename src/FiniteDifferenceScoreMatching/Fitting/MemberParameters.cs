using FiniteDifferenceScoreMatching.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Fitting;

/// <summary>A native copy of an ensemble's parameters in which single members can be saved and restored.</summary>
internal sealed class MemberParameters : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _copies;

    public MemberParameters(MlpEnsemble ensemble)
    {
        _parameters = ensemble.NamedParameters().Select(p => p.Parameter).ToArray();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _copies = _parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Saves member <paramref name="member"/>'s current parameters.</summary>
    public void Capture(int member) => Copy(member, toCopies: true);

    /// <summary>Gives member <paramref name="member"/> back the parameters saved last.</summary>
    public void RestoreInto(int member) => Copy(member, toCopies: false);

    public void Dispose()
    {
        foreach (var copy in _copies)
        {
            copy.Dispose();
        }
    }

    private void Copy(int member, bool toCopies)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var (source, target) = toCopies ? ((Tensor)_parameters[i], _copies[i]) : (_copies[i], _parameters[i]);
            target[member].copy_(source[member]);
        }
    }
}
