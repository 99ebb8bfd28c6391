using FiniteDifferenceScoreMatching.Losses;
using static TorchSharp.torch;

namespace ConsumerCode;

/// <summary>
/// A loss defined outside the library's namespace, as docs/custom-losses.md shows it: each member's mean squared score
/// over fixed points, written once for a single network and an ensemble alike.
/// </summary>
internal sealed class MeanSquaredScoreLoss(double[] points) : ScoreLoss
{
    protected override Tensor ComputeCore(LossContext context) => context.Score(Column(points, context)).square().mean([1, 2]);
}
