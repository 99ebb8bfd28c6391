using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace ConsumerCode;

/// <summary>
/// A loss defined outside the library's namespace, as a consumer would write it: another loss plus an L2 penalty on
/// the parameters.
/// </summary>
internal sealed class PenalisedLoss(ScoreLoss inner, double weight) : ScoreLoss
{
    protected override Tensor ComputeCore(IScoreModel model)
    {
        var penalty = model.NamedParameters().Select(p => p.Parameter.square().sum()).Aggregate((a, b) => a + b);
        return inner.Compute(model) + (weight * penalty);
    }
}
