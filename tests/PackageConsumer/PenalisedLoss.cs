using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace PackageConsumer;

/// <summary>
/// A loss of the application's own, written against the package's strategy: another loss plus an L2 penalty on the
/// model's parameters.
/// </summary>
internal sealed class PenalisedLoss(ScoreLoss inner, double weight) : ScoreLoss
{
    protected override Tensor ComputeCore(IScoreModel model)
    {
        // Scalars made here are released by the scope that Compute opens around this call.
        var penalty = model.NamedParameters().Select(p => p.Parameter.square().sum()).Aggregate((a, b) => a + b);
        return inner.Compute(model) + (weight * penalty);
    }
}
