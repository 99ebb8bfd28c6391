using System.Runtime.InteropServices;
using CsCheck;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;
using FiniteDifferenceScoreMatching.Training;

namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>
/// Random inputs, extreme finite values among them, to the public entry points: each call either returns finite
/// results or throws one of the .NET exceptions its documentation lists, never a native error type, and never a NaN.
/// </summary>
public class PublicEntryPointPropertyTests
{
    /// <summary>Finite doubles of every magnitude: ordinary, huge, tiny, subnormal, and the largest and smallest.</summary>
    private static readonly Gen<double> AnyFinite = Gen.OneOf(
        Gen.Double[-10, 10],
        Gen.Double[-1e308, 1e308],
        Gen.Double[-1e-300, 1e-300],
        Gen.OneOf(double.MaxValue, -double.MaxValue, double.Epsilon, -double.Epsilon, 0.0, 1e-320, 3.4e38, -3.5e38));

    /// <summary>Samples: a few values, spread or repeated, sometimes scaled into an extreme range.</summary>
    private static readonly Gen<double[]> Samples = Gen.OneOf(
        AnyFinite.Array[1, 40],
        Gen.Select(Gen.Double[-3, 3].Array[2, 64], Gen.OneOf(1.0, 1e-300, 1e300, 1e-30, 1e30), (values, scale) => values.Select(v => v * scale).ToArray()),
        Gen.Select(Gen.Double[-3, 3].Array[2, 64], AnyFinite, (values, shift) => values.Select(v => v + shift).ToArray()));

    private static readonly Type[] Documented = [typeof(ArgumentException), typeof(InvalidOperationException), typeof(OperationCanceledException)];

    [Fact]
    public void Fit_AnySamplesAndOptions_ReturnsFiniteResultsOrADocumentedException()
    {
        var options = Gen.Select(Gen.Bool, Gen.Int[1, 3], Gen.Int[1, 30], Gen.OneOf(1e-4, 0.02, 1.0, 1e3, 1e30, 1e300), Gen.Long, (spline, restarts, epochs, rate, seed) => new FitOptions
        {
            Method = spline ? FitMethod.Spline : FitMethod.Network,
            Restarts = restarts,
            LearningRate = rate,
            Seed = seed,
            Model = new MlpOptions { HiddenWidths = [4], Activation = Activation.Tanh },
            EarlyStopping = new EarlyStoppingOptions { MaxEpochs = epochs, Patience = 5, MinEpochs = 0 },
        });

        Gen.Select(Samples, options).Sample((samples, fitOptions) =>
        {
            Outcome("ScoreMatchingFit.Fit", () =>
            {
                using var fit = ScoreMatchingFit.Fit(samples, fitOptions);
                var points = samples.Take(8).ToArray();
                return [.. fit.Pdf, .. points.Select(fit.Distribution.Density), .. fit.Model.ScoreAt(points).Where(_ => fit.Diagnostics.Method == FitMethod.Spline)];
            });
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Train_AnySamplesAndTrainerOptions_ReturnsFiniteLossesAndParametersOrADocumentedException()
    {
        var options = Gen.Select(Gen.OneOf(1e-6, 0.03, 10.0, 1e9, 1e30, 1e300), Gen.OneOf<int?>(null, 1, 7, 1000), Gen.Bool, Gen.Bool, (rate, batch, float64, general) => (Options: new TrainerOptions
        {
            LearningRate = rate,
            BatchSize = batch,
            OptimizerFactory = general ? (parameters, r) => TorchSharp.torch.optim.Adam(parameters, r) : null,
        }, Float64: float64));

        Gen.Select(Samples, options, Gen.Int[1, 40]).Sample((samples, setting, epochs) =>
        {
            Outcome("Trainer.Train", () =>
            {
                using var model = new MlpScoreModel(3, new MlpOptions { DType = setting.Float64 ? TorchSharp.torch.ScalarType.Float64 : TorchSharp.torch.ScalarType.Float32 });
                using var trainer = new Trainer(model, setting.Options);
                using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(samples);
                var result = trainer.Train(loss, epochs);
                return [.. result.Losses, .. ParameterSnapshot.Capture(model).Flatten()];
            });
        }, iter: 80, threads: 1);
    }

    [Fact]
    public void Grids_Steps_Scores_AndDensities_AnyFiniteInput_FiniteOrADocumentedException()
    {
        Gen.Select(AnyFinite, AnyFinite, Gen.Int[-2, 5000]).Sample((start, stop, count) =>
        {
            Outcome("new UniformGrid", () =>
            {
                var grid = new UniformGrid(start, stop, count);
                grid.Points.Zip(grid.Points.Skip(1)).Should().OnlyContain(p => p.Second > p.First);
                return [.. grid.Points, grid.Step];
            });
        }, iter: 400, threads: 1);

        Samples.Sample(points =>
        {
            Outcome("DefaultDelta", () => [FiniteDifferenceDerivative.DefaultDelta(points)]);
            Outcome("ScoreAt", () =>
            {
                using var model = new MlpScoreModel(5);
                return model.ScoreAt(points);
            });
            Outcome("ScoreDensity.FromScore", () =>
            {
                var grid = new UniformGrid(-5, 5, Math.Max(2, points.Length));
                var density = ScoreDensity.FromScore(grid, [.. points.Take(grid.Count), .. Enumerable.Repeat(0.0, grid.Count - Math.Min(grid.Count, points.Length))]);
                return [.. grid.Points.Select(density.Density), density.CumulativeDistribution(0)];
            });
        }, iter: 200, threads: 1);
    }

    /// <summary>Runs <paramref name="act"/>, a call of <paramref name="entryPoint"/>: its values must be finite, or it must throw a documented .NET exception.</summary>
    private static void Outcome(string entryPoint, Func<double[]> act)
    {
        double[] values;
        try
        {
            values = act();
        }
        catch (Exception e) when (e is not ExternalException && Documented.Any(t => t.IsInstanceOfType(e)))
        {
            return;
        }

        values.Should().OnlyContain(v => double.IsFinite(v), $"{entryPoint} returned, so its values must be finite");
    }
}
