using FiniteDifferenceScoreMatching.Losses;
using static TorchSharp.torch;

namespace PackageConsumer;

/// <summary>
/// A loss of the application's own, written against the package's strategy: another loss plus an L2 penalty on the
/// model's parameters.
/// </summary>
internal sealed class PenalisedLoss(ScoreLoss inner, double weight) : ScoreLoss
{
    protected override Tensor ComputeCore(LossContext context)
    {
        // One penalty per member: an ensemble's parameters have a leading member dimension.
        var penalty = context.Model.NamedParameters()
            .Select(p => p.Parameter.square().reshape(context.Members, -1).sum(1))
            .Aggregate((a, b) => a + b);
        return inner.ComputeEach(context) + (weight * penalty);
    }
}
