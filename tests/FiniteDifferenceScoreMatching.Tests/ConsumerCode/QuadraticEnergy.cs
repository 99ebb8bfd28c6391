using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.ConsumerCode;

/// <summary>
/// A module a consumer might write: the energy E(x) = ½ Σᵢ (xᵢ / s)² of N(0, s² I), with the scale s a parameter.
/// </summary>
internal sealed class QuadraticEnergy : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _scale;

    public QuadraticEnergy(double scale)
        : base(nameof(QuadraticEnergy))
    {
        _scale = new Parameter(tensor(scale, ScalarType.Float64));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => (input / _scale).square().sum(1) / 2;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _scale.Dispose();
        }

        base.Dispose(disposing);
    }
}
