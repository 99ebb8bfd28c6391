using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace ConsumerCode;

/// <summary>
/// An ensemble loss defined outside the library's namespace, as docs/custom-losses.md shows it: each member's mean
/// squared score over fixed points.
/// </summary>
internal sealed class MeanSquaredScoreLoss(double[] points) : IEnsembleLoss
{
    public Tensor ComputeEach(MlpEnsemble ensemble)
    {
        using var scope = NewDisposeScope();
        var x = tensor(points, ensemble.DType);
        return ensemble.Score(x).square().mean([1]).MoveToOuterDisposeScope();
    }
}
