using FiniteDifferenceScoreMatching.Losses;
using static TorchSharp.torch;

namespace ConsumerCode;

/// <summary>
/// A loss defined outside the library's namespace, as a consumer would write it: another loss plus an L2 penalty on
/// the parameters.
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
