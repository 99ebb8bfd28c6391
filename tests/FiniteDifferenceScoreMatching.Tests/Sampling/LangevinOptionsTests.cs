using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.Sampling;
using FiniteDifferenceScoreMatching.Tests.ConsumerCode;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Sampling;

/// <summary>The options of plain and annealed Langevin dynamics: their defaults and the values the samplers refuse.</summary>
public sealed class LangevinOptionsTests
{
    public static TheoryData<LangevinOptions, string> RefusedOptions => new()
    {
        { new LangevinOptions { StepSize = double.NaN }, nameof(LangevinOptions.StepSize) },
        { new LangevinOptions { StepSize = double.PositiveInfinity }, nameof(LangevinOptions.StepSize) },
        { new LangevinOptions { StepSize = -0.1 }, nameof(LangevinOptions.StepSize) },
        { new LangevinOptions { Steps = 0 }, nameof(LangevinOptions.Steps) },
        { new LangevinOptions { ReportInterval = 0 }, nameof(LangevinOptions.ReportInterval) },
        { new LangevinOptions { RecordInterval = 0 }, nameof(LangevinOptions.RecordInterval) },
        { new LangevinOptions { RecordInterval = -3 }, nameof(LangevinOptions.RecordInterval) },
    };

    public static TheoryData<AnnealedLangevinOptions, string> RefusedAnnealedOptions => new()
    {
        { new AnnealedLangevinOptions { StepSize = 0 }, nameof(AnnealedLangevinOptions.StepSize) },
        { new AnnealedLangevinOptions { StepSize = double.NaN }, nameof(AnnealedLangevinOptions.StepSize) },
        { new AnnealedLangevinOptions { StepsPerLevel = -1 }, nameof(AnnealedLangevinOptions.StepsPerLevel) },
        { new AnnealedLangevinOptions { ReportInterval = 0 }, nameof(AnnealedLangevinOptions.ReportInterval) },
        { new AnnealedLangevinOptions { RecordInterval = 0 }, nameof(AnnealedLangevinOptions.RecordInterval) },
    };

    [Fact]
    public void Defaults_AreThoseDocumented()
    {
        var plain = new LangevinOptions();
        var annealed = new AnnealedLangevinOptions();

        (plain.StepSize, plain.Steps, plain.RecordInterval, plain.ReportInterval).Should().Be((0.01, 1000, (int?)null, 100));
        (annealed.StepSize, annealed.StepsPerLevel, annealed.RecordInterval, annealed.ReportInterval).Should().Be((2e-5, 100, (int?)null, 100));
    }

    [Theory]
    [MemberData(nameof(RefusedOptions))]
    public void Sample_OptionOutOfRange_ThrowsNamingIt(LangevinOptions options, string name)
    {
        using var model = new NoisedMixtureScoreModel(LangevinSamplerUpdateTests.StandardNormal, NoiseSchedule.Geometric(0.5, 0.5, 1));
        using var generator = new Generator(1);

        var act = () => LangevinSampler.Sample(model, new double[3, 2], generator, options);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(name);
    }

    [Theory]
    [MemberData(nameof(RefusedOptions))]
    public void SampleMetropolisAdjusted_OptionOutOfRange_ThrowsNamingIt(LangevinOptions options, string name)
    {
        using var model = new EnergyScoreModel(new QuadraticEnergy(1), dimension: 2);
        using var generator = new Generator(3);

        var act = () => LangevinSampler.SampleMetropolisAdjusted(model, new double[3, 2], generator, options);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(name);
    }

    [Theory]
    [MemberData(nameof(RefusedAnnealedOptions))]
    public void SampleAnnealed_OptionOutOfRange_ThrowsNamingIt(AnnealedLangevinOptions options, string name)
    {
        using var model = new NoisedMixtureScoreModel(LangevinSamplerUpdateTests.StandardNormal, NoiseSchedule.Geometric(1, 0.5, 2));
        using var generator = new Generator(2);

        var act = () => LangevinSampler.SampleAnnealed(model, new double[3, 2], generator, options);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(name);
    }
}
