using FiniteDifferenceScoreMatching.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// A copy of a model's parameters, on the model's device, in which the members of an ensemble can be saved and
/// restored one by one (a single network is its one member).
/// </summary>
internal sealed class MemberParameters : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _copies;
    private readonly bool _single;

    public MemberParameters(IScoreModel model)
    {
        _parameters = model.NamedParameters().Select(p => p.Parameter).ToArray();
        _single = model.Members == 1;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _copies = _parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Saves every member's current parameters.</summary>
    public void CaptureAll()
    {
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            _copies[i].copy_(_parameters[i]);
        }
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
            if (_single)
            {
                target.copy_(source);
            }
            else
            {
                target[member].copy_(source[member]);
            }
        }
    }
}
