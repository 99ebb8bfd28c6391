using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.OneDimensional.Fitting;

public class ScoreMatchingFitTests
{
    /// <summary>
    /// A small, quick configuration: 1 → 8 → 1 softplus, at most 100 epochs per restart, on the samples as they are, so
    /// that the tests of the restarts and the refit can retrace them with a <see cref="Trainer"/> (standardisation has
    /// tests of its own).
    /// </summary>
    private static readonly FitOptions Small = new()
    {
        Method = FitMethod.Network,
        Model = new MlpOptions { HiddenWidths = [8], Activation = Activation.Softplus },
        EarlyStopping = new EarlyStoppingOptions { MaxEpochs = 100, Patience = 30, MinEpochs = 0 },
        Restarts = 2,
        Standardize = false,
    };

    private static readonly double[] Samples = SeedProblem.Samples(150);

    [Fact]
    public void Fit_ThreeRestartsWithoutRefit_ReturnsTheOneWithTheLowestValidationLoss()
    {
        var options = Small with { Model = Small.Model with { DType = ScalarType.Float64 }, Restarts = 3, Seed = 5, RefitOnAllSamples = false, Combination = RestartCombination.Best };

        using var result = ScoreMatchingFit.Fit(Samples, options);

        var diagnostics = result.Diagnostics;
        var losses = diagnostics.Restarts.Select(r => r.BestValidationLoss).ToList();
        diagnostics.Restarts.Select(r => r.Index).Should().Equal(0, 1, 2);
        diagnostics.Restarts.Select(r => r.InitializationSeed).Should().OnlyHaveUniqueItems();
        losses.Distinct().Should().HaveCount(3, "three initialisations end in three different places");
        diagnostics.ChosenRestart.Should().Be(losses.IndexOf(losses.Min()));
        diagnostics.ValidationCurve.Should().BeSameAs(diagnostics.Chosen.History.Checks);
        diagnostics.Refit.Should().BeNull();
        diagnostics.Restarts.Should().AllSatisfy(r => r.Pdf.Should().HaveCount(result.Grid.Count));
        diagnostics.Chosen.Pdf.Should().Equal(result.Pdf, "without a refit, the chosen restart's network is the one returned");

        // The restarts are trained together; the chosen one, trained alone with early stopping, ends in the same place
        // up to the rounding of sums.
        var pair = Split(options);
        using var training = pair.Training;
        using var validation = pair.Validation;
        using var model = new MlpScoreModel(diagnostics.Chosen.InitializationSeed, options.Model);
        using var trainer = new Trainer(model, new TrainerOptions { LearningRate = options.LearningRate });
        var history = trainer.Train(training, validation, options.EarlyStopping).Members[0];
        history.BestEpoch.Should().Be(diagnostics.Chosen.History.BestEpoch);
        history.BestValidationLoss.Should().BeApproximately(losses.Min(), 1e-10);
        var returned = ParameterSnapshot.Capture(result.Model).Flatten();
        var alone = ParameterSnapshot.Capture(model).Flatten();
        returned.Zip(alone).Should().OnlyContain(pair => Math.Abs(pair.First - pair.Second) < 1e-9);
    }

    [Fact]
    public void Fit_BestWithRefit_RetrainsTheChosenInitialisationOnAllSamplesForItsBestEpochCount()
    {
        var options = Small with { Model = Small.Model with { DType = ScalarType.Float64 }, Seed = 6, Combination = RestartCombination.Best };

        using var result = ScoreMatchingFit.Fit(Samples, options);

        var chosen = result.Diagnostics.Chosen;
        chosen.History.BestEpoch.Should().BeGreaterThan(0);
        result.Model.Should().BeOfType<MlpScoreModel>();
        var refit = result.Diagnostics.Refit!;
        refit.Members.Should().ContainSingle();
        refit.Members[0].Losses.Should().HaveCount(chosen.History.BestEpoch!.Value);
        using var model = new MlpScoreModel(chosen.InitializationSeed, options.Model);
        using var trainer = new Trainer(model, new TrainerOptions { LearningRate = options.LearningRate });
        using var all = new CurvaturePenalizedScoreMatchingLoss(Samples, result.Diagnostics.CurvaturePenalty, FiniteDifferenceDerivative.DefaultDelta(Samples));
        var alone = trainer.Train(all, chosen.History.BestEpoch.Value).Losses;
        refit.Members[0].Losses.Zip(alone).Should().OnlyContain(pair => Math.Abs(pair.First - pair.Second) < 1e-10);
        var returned = ParameterSnapshot.Capture(result.Model).Flatten();
        returned.Zip(ParameterSnapshot.Capture(model).Flatten()).Should().OnlyContain(pair => Math.Abs(pair.First - pair.Second) < 1e-9);
    }

    [Fact]
    public void Fit_AverageWithRefit_ReturnsTheMeanScoreOfEveryInitialisationRetrainedForItsOwnBestEpochCount()
    {
        var options = Small with { Model = Small.Model with { DType = ScalarType.Float64 }, Seed = 6, Restarts = 3, Combination = RestartCombination.Average };

        using var result = ScoreMatchingFit.Fit(Samples, options);

        var diagnostics = result.Diagnostics;
        diagnostics.Combination.Should().Be(RestartCombination.Average);
        result.Model.Should().BeOfType<EnsembleMeanScoreModel>().Which.Ensemble.Members.Should().Be(3);
        double[] points = [-5.0, -3.0, -1.0, 0.0, 1.0, 3.0, 5.0];
        var expected = new double[points.Length];
        using var all = new CurvaturePenalizedScoreMatchingLoss(Samples, result.Diagnostics.CurvaturePenalty, FiniteDifferenceDerivative.DefaultDelta(Samples));
        for (var k = 0; k < 3; k++)
        {
            var restart = diagnostics.Restarts[k];
            diagnostics.Refit!.Members[k].Losses.Should().HaveCount(restart.History.BestEpoch!.Value, $"restart {k} is retrained for its own best epoch count");
            using var model = new MlpScoreModel(restart.InitializationSeed, options.Model);
            if (restart.History.BestEpoch > 0)
            {
                using var trainer = new Trainer(model, new TrainerOptions { LearningRate = options.LearningRate });
                trainer.Train(all, restart.History.BestEpoch.Value);
            }

            var score = model.ScoreAt(points);
            for (var i = 0; i < points.Length; i++)
            {
                expected[i] += score[i] / 3;
            }
        }

        result.Model.ScoreAt(points).Zip(expected).Should().OnlyContain(pair => Math.Abs(pair.First - pair.Second) < 1e-9);
    }

    [Fact]
    public void Fit_AverageWithoutRefit_ReturnsTheMeanOfTheRestartsAtTheirBestEpochs()
    {
        var options = Small with { Model = Small.Model with { DType = ScalarType.Float64 }, Seed = 2, RefitOnAllSamples = false };

        using var result = ScoreMatchingFit.Fit(Samples, options);

        result.Diagnostics.Refit.Should().BeNull();
        var pdfs = result.Diagnostics.Restarts.Select(r => r.Pdf!).ToList();
        var geometricMean = result.Grid.Points.Select((_, i) => Math.Sqrt(pdfs[0][i] * pdfs[1][i])).ToArray();
        var normaliser = result.Grid.Integrate(geometricMean);
        result.Pdf.Zip(geometricMean).Should().OnlyContain(pair => Math.Abs(pair.First - (pair.Second / normaliser)) < 1e-6, "the mean score's density is the normalised geometric mean of the restarts' densities");
    }

    [Theory]
    [InlineData(150)]
    [InlineData(600)]
    public void Fit_DefaultCurvaturePenalty_ShrinksAsOneOverTheRootOfTheSampleCount(int count)
    {
        var samples = SeedProblem.Samples(count);

        using var automatic = ScoreMatchingFit.Fit(samples, Small with { EarlyStopping = Small.EarlyStopping with { MaxEpochs = 5 } });
        using var chosen = ScoreMatchingFit.Fit(samples, Small with { EarlyStopping = Small.EarlyStopping with { MaxEpochs = 5 }, CurvaturePenalty = 0.3 });

        automatic.Diagnostics.CurvaturePenalty.Should().BeApproximately(0.64 / Math.Sqrt(count), 1e-15);
        chosen.Diagnostics.CurvaturePenalty.Should().Be(0.3);
    }

    [Fact]
    public void Fit_SameSeed_GivesTheSameFitAndAnotherSeedAnother()
    {
        using var first = ScoreMatchingFit.Fit(Samples, Small with { Seed = 3 });
        using var second = ScoreMatchingFit.Fit(Samples, Small with { Seed = 3 });
        using var other = ScoreMatchingFit.Fit(Samples, Small with { Seed = 4 });

        second.Pdf.Should().Equal(first.Pdf);
        second.Diagnostics.Chosen.History.Losses.Should().Equal(first.Diagnostics.Chosen.History.Losses);
        other.Pdf.Should().NotEqual(first.Pdf);
    }

    [Fact]
    public void Fit_Defaults_RecoverANormalisedPdfOnTheDefaultGrid()
    {
        using var result = ScoreMatchingFit.Fit(Samples, Small);

        result.Grid.Should().BeEquivalentTo(ScoreMatchingFit.DefaultGrid(Samples));
        result.Grid.Start.Should().BeLessThan(Samples.Min());
        result.Grid.Stop.Should().BeGreaterThan(Samples.Max());
        result.Pdf.Should().HaveCount(result.Grid.Count).And.OnlyContain(p => p >= 0 && double.IsFinite(p));
        result.Grid.Integrate(result.Pdf).Should().BeApproximately(1, 1e-9);
        result.Score.Should().Equal(result.Model.ScoreAt(result.Grid.Points));
        result.Diagnostics.TrainingSampleCount.Should().Be(120);
        result.Diagnostics.ValidationSampleCount.Should().Be(30);
        result.Diagnostics.Delta.Should().Be(FiniteDifferenceDerivative.DefaultDelta(Samples));
        result.Diagnostics.Elapsed.Should().BePositive();
    }

    [Fact]
    public void Fit_Standardized_IsTheFitOfTheStandardisedSamples_InTheirUnits()
    {
        var options = Small with { Model = Small.Model with { DType = ScalarType.Float64 }, Seed = 4, Standardize = true };

        using var result = ScoreMatchingFit.Fit(Samples, options);

        // c: the middle of the 1 % and 99 % quantiles; s: min(standard deviation, IQR / 1.349).
        var sorted = Samples.Order().ToArray();
        double Quantile(double q)
        {
            var position = q * (sorted.Length - 1);
            var below = (int)position;
            return sorted[below] + ((position - below) * (sorted[below + 1] - sorted[below]));
        }

        var mean = Samples.Average();
        var deviation = Math.Sqrt(Samples.Sum(x => (x - mean) * (x - mean)) / (Samples.Length - 1));
        var model = result.Model.Should().BeOfType<StandardizedScoreModel>().Subject;
        model.Center.Should().BeApproximately(0.5 * (Quantile(0.01) + Quantile(0.99)), 1e-12);
        model.Scale.Should().BeApproximately(Math.Min(deviation, (Quantile(0.75) - Quantile(0.25)) / 1.349), 1e-12);
        result.Diagnostics.Delta.Should().Be(FiniteDifferenceDerivative.DefaultDelta(Samples), "δ is reported in the samples' units");

        var standardized = Samples.Select(x => (x - model.Center) / model.Scale).ToArray();
        using var plain = ScoreMatchingFit.Fit(standardized, options with { Standardize = false, Delta = result.Diagnostics.Delta / model.Scale });
        plain.Diagnostics.Restarts.Select(r => r.History.BestEpoch).Should().Equal(result.Diagnostics.Restarts.Select(r => r.History.BestEpoch));
        double[] points = [-5.0, -3.0, -1.0, 0.0, 1.0, 3.0, 5.0];
        var inUnitsOfZ = plain.Model.ScoreAt(points.Select(x => (x - model.Center) / model.Scale).ToArray()).Select(v => v / model.Scale);
        result.Model.ScoreAt(points).Zip(inUnitsOfZ).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 1e-9);
    }

    [Fact]
    public void Fit_Standardized_ShiftedAndRescaledSamples_GiveTheSameDensityInTheirUnits()
    {
        var options = Small with { Model = Small.Model with { DType = ScalarType.Float64 }, Seed = 3, Standardize = true };
        var moved = Samples.Select(x => 1000 + (0.05 * x)).ToArray();

        using var original = ScoreMatchingFit.Fit(Samples, options);
        using var shifted = ScoreMatchingFit.Fit(moved, options);

        shifted.Grid.Start.Should().BeApproximately(1000 + (0.05 * original.Grid.Start), 1e-9);
        shifted.Grid.Stop.Should().BeApproximately(1000 + (0.05 * original.Grid.Stop), 1e-9);
        var rescaled = shifted.Pdf.Select(p => 0.05 * p).ToArray();
        var l1 = original.Grid.Integrate(original.Pdf.Zip(rescaled, (a, b) => Math.Abs(a - b)).ToArray());
        l1.Should().BeLessThan(1e-6, "p_Y(1000 + 0.05 x) · 0.05 = p_X(x)");
        original.Pdf.Max().Should().BeGreaterThan(0.1);
    }

    [Theory]
    [InlineData(1e4, 0.01)]
    [InlineData(1e6, 0.01)]
    public void Fit_StandardizedFloat32_FarFromZero_GivesTheSameDensityInTheirUnits(double shift, double scale)
    {
        var options = Small with { Seed = 3, Standardize = true };
        var moved = Samples.Select(x => shift + (scale * x)).ToArray();

        using var original = ScoreMatchingFit.Fit(Samples, options);
        using var shifted = ScoreMatchingFit.Fit(moved, options);

        var rescaled = shifted.Pdf.Select(p => scale * p).ToArray();
        var l1 = original.Grid.Integrate(original.Pdf.Zip(rescaled, (a, b) => Math.Abs(a - b)).ToArray());
        l1.Should().BeLessThan(1e-4, "the points are standardised in double precision before they reach the float32 network");
    }

    [Fact]
    public void Fit_TinySamples_AreStandardisedWithoutUnderflow()
    {
        var options = Small with { Seed = 3, Standardize = true };

        using var original = ScoreMatchingFit.Fit(Samples, options);
        using var tiny = ScoreMatchingFit.Fit(Samples.Select(x => 1e-200 * x).ToArray(), options);

        var scale = tiny.Model.Should().BeOfType<StandardizedScoreModel>().Subject.Scale;
        scale.Should().BeApproximately(1e-200 * ((StandardizedScoreModel)original.Model).Scale, 1e-212);
        tiny.Pdf.Select(p => 1e-200 * p).Zip(original.Pdf).Should().OnlyContain(pair => Math.Abs(pair.First - pair.Second) < 1e-6);
    }

    [Fact]
    public void Fit_CallerGrid_IsUsed()
    {
        var grid = new UniformGrid(-10, 10, 200);

        using var result = ScoreMatchingFit.Fit(Samples, Small with { Grid = grid });

        result.Grid.Should().BeSameAs(grid);
        result.Pdf.Should().HaveCount(200);
    }

    [Fact]
    public void Fit_WeightDecay_ShrinksTheParameters()
    {
        static double SquaredNorm(FitResult result) => ParameterSnapshot.Capture(result.Model).Flatten().Sum(v => v * v);
        var options = Small with { Restarts = 1, EarlyStopping = Small.EarlyStopping with { Patience = 1000 } };

        using var plain = ScoreMatchingFit.Fit(Samples, options);
        using var decayed = ScoreMatchingFit.Fit(Samples, options with { WeightDecay = 0.5 });

        SquaredNorm(decayed).Should().BeLessThan(0.9 * SquaredNorm(plain));
    }

    [Fact]
    public void Fit_TwoClustersFarApart_WarnsOfTheEmptyGap()
    {
        var samples = new GaussianMixture([-6.0, 6.0], [1.0, 1.0], [0.5, 0.5]).Sample(new Random(2), 200);

        using var result = ScoreMatchingFit.Fit(samples, Small with { Restarts = 1 });

        var warning = result.Diagnostics.Warnings.Should().ContainSingle(w => w.Kind == FitWarningKind.EmptyGap).Which;
        warning.Message.Should().Contain("No sample lies between").And.Contain("samples below");
        result.Diagnostics.HasWarning(FitWarningKind.EmptyGap).Should().BeTrue();
    }

    [Fact]
    public void Fit_FewSamplesAndLongPatience_WarnsThatTheValidationLossRose()
    {
        var options = Small with
        {
            Model = Small.Model with { HiddenWidths = [16] },
            EarlyStopping = new EarlyStoppingOptions { MaxEpochs = 1500, MinEpochs = 0, Patience = 300 },
            Restarts = 1,
            RefitOnAllSamples = false,
            CurvaturePenalty = 0,
            ValidationFraction = 0.5,
        };

        using var result = ScoreMatchingFit.Fit(SeedProblem.Samples(40), options);

        var history = result.Diagnostics.Chosen.History;
        history.StopReason.Should().Be(StopReason.NoImprovement);
        history.LastCheck!.ValidationLoss.Should().BeGreaterThan(history.BestValidationLoss + result.Diagnostics.Chosen.ValidationStandardError);
        var warning = result.Diagnostics.Warnings.Should().ContainSingle(w => w.Kind == FitWarningKind.ValidationLossRose).Which;
        warning.Message.Should().Contain($"epoch {history.BestEpoch}").And.Contain("validation loss rose");
    }

    [Fact]
    public void Fit_SeedSamplesWithTheNetworksDefaultTraining_FitsWellAndWarnsOfNothing()
    {
        // The network's default training in full: a single restart without the refit, standardised, puts 0.133 in the left mode here.
        using var result = ScoreMatchingFit.Fit(SeedProblem.Samples(), new FitOptions { Method = FitMethod.Network, Grid = SeedProblem.Grid });

        result.Diagnostics.Warnings.Should().BeEmpty();
        DensityMetrics.MassBelow(SeedProblem.Grid, result.Pdf, 0).Should().BeInRange(0.07, 0.13);
        DensityMetrics.L1Distance(SeedProblem.Grid, result.Pdf, SeedProblem.Target.Density).Should().BeLessThan(0.1);
    }

    [Theory]
    [InlineData(FitMethod.Network)]
    [InlineData(FitMethod.Spline)]
    public void Fit_CancelledBeforeItStarts_Throws(FitMethod method)
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var fit = () => ScoreMatchingFit.Fit(Samples, Small with { Method = method }, cancelled.Token);

        fit.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void Fit_CancelledWhileTraining_ReturnsWhatItHas_WithACancelledWarning()
    {
        // Far more epochs than the cancellation, after the first report, leaves time for.
        var endless = Small with { EarlyStopping = new EarlyStoppingOptions { MaxEpochs = 1_000_000, Patience = 1_000_000, MinEpochs = 0 } };
        using var source = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        using var result = ScoreMatchingFit.Fit(Samples, endless, source.Token);

        result.Diagnostics.Restarts.Should().AllSatisfy(r => r.History.StopReason.Should().Be(StopReason.Cancelled));
        result.Diagnostics.Refit.Should().BeNull();
        result.Diagnostics.HasWarning(FitWarningKind.Cancelled).Should().BeTrue();
        result.Diagnostics.Warnings.Single(w => w.Kind == FitWarningKind.Cancelled).Message.Should().Contain("refit on all samples was skipped");
    }

    [Fact]
    public void Fit_RepeatedFits_LiveTensorCountDoesNotGrow()
    {
        ScoreMatchingFit.Fit(Samples, Small).Dispose();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var i = 0; i < 3; i++)
        {
            ScoreMatchingFit.Fit(Samples, Small with { Seed = i }).Dispose();
        }

        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(before);
    }

    [Fact]
    public void Dispose_ReleasesTheModelAndKeepsTheManagedResults()
    {
        var result = ScoreMatchingFit.Fit(Samples, Small with { Restarts = 1 });
        var pdf = result.Pdf.ToArray();

        result.Dispose();

        result.Pdf.Should().Equal(pdf);
        FluentActions.Invoking(() => result.Model.ScoreAt([0.0])).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Fit_NullSamples_Throws()
    {
        var act = () => ScoreMatchingFit.Fit(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("samples");
    }

    [Theory]
    [InlineData(new double[0], "*at least two samples*0*")]
    [InlineData(new[] { 1.5 }, "*at least two samples*1*")]
    [InlineData(new[] { 1.0, double.NaN, 2.0 }, "*index 1 is NaN*")]
    [InlineData(new[] { 1.0, 2.0, double.NegativeInfinity }, "*index 2*")]
    [InlineData(new[] { 2.5, 2.5, 2.5 }, "*All 3 samples equal 2.5*")]
    public void Fit_BadSamples_ThrowWithAClearMessage(double[] samples, string message)
    {
        var act = () => ScoreMatchingFit.Fit(samples, Small);

        act.Should().Throw<ArgumentException>().WithParameterName("samples").WithMessage(message);
    }

    public static TheoryData<string, FitOptions, Type> BadOptions => new()
    {
        { nameof(FitOptions.ValidationFraction), Small with { ValidationFraction = 0 }, typeof(ArgumentOutOfRangeException) },
        { nameof(FitOptions.ValidationFraction), Small with { ValidationFraction = 1 }, typeof(ArgumentOutOfRangeException) },
        { nameof(FitOptions.ValidationFraction), Small with { ValidationFraction = double.NaN }, typeof(ArgumentOutOfRangeException) },
        { nameof(FitOptions.Restarts), Small with { Restarts = 0 }, typeof(ArgumentOutOfRangeException) },
        { nameof(FitOptions.Restarts), Small with { Restarts = -2 }, typeof(ArgumentOutOfRangeException) },
        { nameof(EarlyStoppingOptions.Patience), Small with { EarlyStopping = new EarlyStoppingOptions { Patience = 0 } }, typeof(ArgumentOutOfRangeException) },
        { nameof(EarlyStoppingOptions.MaxEpochs), Small with { EarlyStopping = new EarlyStoppingOptions { MaxEpochs = -1 } }, typeof(ArgumentOutOfRangeException) },
        { nameof(EarlyStoppingOptions.MinEpochs), Small with { EarlyStopping = new EarlyStoppingOptions { MinEpochs = -1 } }, typeof(ArgumentOutOfRangeException) },
        { nameof(FitOptions.LearningRate), Small with { LearningRate = 0 }, typeof(ArgumentOutOfRangeException) },
        { nameof(FitOptions.WeightDecay), Small with { WeightDecay = -1e-3 }, typeof(ArgumentOutOfRangeException) },
        { nameof(FitOptions.CurvaturePenalty), Small with { CurvaturePenalty = double.NaN }, typeof(ArgumentOutOfRangeException) },
        { nameof(FitOptions.Delta), Small with { Delta = 0 }, typeof(ArgumentOutOfRangeException) },
        { nameof(FitOptions.EmptyGapWidth), Small with { EmptyGapWidth = 0 }, typeof(ArgumentOutOfRangeException) },
        { nameof(FitOptions.RestartDisagreement), Small with { RestartDisagreement = double.NaN }, typeof(ArgumentOutOfRangeException) },
        { nameof(FitOptions.Model), Small with { Model = null! }, typeof(ArgumentNullException) },
        { nameof(FitOptions.EarlyStopping), Small with { EarlyStopping = null! }, typeof(ArgumentNullException) },
        { nameof(MlpOptions.HiddenWidths), Small with { Model = new MlpOptions { HiddenWidths = [0] } }, typeof(ArgumentException) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Fit_OptionOutOfRange_ThrowsNamingIt(string name, FitOptions options, Type exception)
    {
        var act = () => ScoreMatchingFit.Fit(Samples, options);

        var thrown = act.Should().Throw<ArgumentException>().Which;
        thrown.Should().BeOfType(exception);
        thrown.ParamName.Should().Be(name);
    }

    private static (ScoreLoss Training, ScoreLoss Validation) Split(FitOptions options)
    {
        var split = SampleSplit.Create(Samples, options.ValidationFraction, SeedSequence.Random(options.Seed, -1));
        var delta = FiniteDifferenceDerivative.DefaultDelta(Samples);
        return (new CurvaturePenalizedScoreMatchingLoss(split.Training, options.CurvaturePenalty ?? 0.64 / Math.Sqrt(Samples.Length), delta), new EmpiricalFiniteDifferenceScoreMatchingLoss(split.Validation, delta));
    }
}
