using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Sampling;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Sampling;

/// <summary>What a sampler's progress reports say of themselves.</summary>
public sealed class SamplingReportTests
{
    [Fact]
    public void ToString_PlainLangevin_GivesTheStepAlone()
    {
        using var model = new NoisedMixtureScoreModel(LangevinSamplerUpdateTests.StandardNormal, NoiseSchedule.Geometric(0.5, 0.5, 1));
        using var generator = new Generator(1);
        var progress = new RecordingProgress<SamplingReport>();

        LangevinSampler.Sample(model, new double[2, 2], generator, new LangevinOptions { Steps = 7, ReportInterval = 5 }, progress);

        progress.Reports.Select(r => r.ToString()).Should().Equal("step 5/7", "step 7/7");
    }

    [Fact]
    public void ToString_Annealed_GivesTheStepAndTheLevel()
    {
        using var model = new NoisedMixtureScoreModel(LangevinSamplerUpdateTests.StandardNormal, NoiseSchedule.Geometric(1.2345678, 0.01, 2));
        using var generator = new Generator(2);
        var progress = new RecordingProgress<SamplingReport>();

        LangevinSampler.SampleAnnealed(model, new double[2, 2], generator, new AnnealedLangevinOptions { StepsPerLevel = 3, ReportInterval = 3 }, progress);

        progress.Reports.Select(r => r.ToString()).Should().Equal("step 3/6, σ = 1.235", "step 6/6, σ = 0.01");
    }

    [Fact]
    public void ToString_UnderACommaDecimalCulture_WritesTheLevelInvariantly()
    {
        var report = new SamplingReport(4, 10, 0.25);

        CommaDecimalCulture.Run(report.ToString).Should().Be("step 4/10, σ = 0.25");
    }
}
