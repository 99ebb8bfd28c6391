using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training;

[Collection(TorchCollection.Name)]
public class GlobalStateTests
{
    [Fact]
    public void CreatingAndTraining_LeaveTorchSharpsGlobalGeneratorAlone()
    {
        using var before = random.get_rng_state();

        using (var model = new MlpScoreModel(17))
        using (var trainer = new Trainer(model))
        using (var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(64)))
        {
            trainer.Train(loss, 5);
        }

        using var after = random.get_rng_state();
        after.data<byte>().ToArray().Should().Equal(before.data<byte>().ToArray());
    }
}
