using System.Diagnostics;
using FiniteDifferenceScoreMatching.Density;
using FiniteDifferenceScoreMatching.Distributions;
using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace GaussianMixture2D;

/// <summary>Fits the mixture's score the three ways, samples each fit, and samples the exact score for reference.</summary>
internal sealed class Study(StudyOptions options, StudyData data)
{
    /// <summary>The nodes per side of the grid the score fields are drawn on.</summary>
    public const int FieldNodes = 21;

    /// <summary>The share of an experiment's progress bar that training fills; sampling fills the rest.</summary>
    private const double TrainingShare = 0.85;

    /// <summary>The nodes per side of the grid the densities are recovered on: a step of 0.1 over [−8, 8]².</summary>
    public const int DensityNodes = 161;

    /// <summary>The nodes at which the score fields are drawn, on [−8, 8]².</summary>
    public static double[,] FieldGrid { get; } = Planar.Grid(FieldNodes, StudyOptions.Extent);

    /// <summary>The grid the densities are recovered, estimated and compared on: [−8, 8]², beyond which the mixture has a mass of about 10⁻⁶.</summary>
    public static PlanarGrid DensityGrid { get; } = new(-StudyOptions.Extent, StudyOptions.Extent, -StudyOptions.Extent, StudyOptions.Extent, DensityNodes, DensityNodes);

    /// <summary>Runs every requested experiment in order.</summary>
    /// <param name="progress">Told of each experiment's work: its kind, and the fraction done.</param>
    public IReadOnlyList<ExperimentResult> Run(Action<ExperimentKind, double>? progress = null) =>
        options.Experiments.Select(kind => RunOne(kind, fraction => progress?.Invoke(kind, fraction))).ToList();

    /// <summary>
    /// The chains driven by the mixture's exact score, plain and annealed, from the same starts and noise as the fits'
    /// chains: what the samplers give when the score is right.
    /// </summary>
    public IReadOnlyList<ReferenceResult> RunReferences()
    {
        using var exact = new NoisedMixtureScoreModel(data.Mixture, StudyOptions.Noise);
        return
        [
            new ReferenceResult("exact-langevin", "Exact score: Langevin", Chains.Run(exact, annealed: false, data.Starts, options, Measure, null).Metrics, Recover(exact)),
            new ReferenceResult("exact-annealed", "Exact score: annealed Langevin", Chains.Run(exact, annealed: true, data.Starts, options, Measure, null).Metrics, null),
            new ReferenceResult("kde", "Kernel density estimate (Scott)", null, KernelDensity()),
            new ReferenceResult("truth", "Fresh samples of the truth", Measure(data.SecondReference), null),
        ];
    }

    private ExperimentResult RunOne(ExperimentKind kind, Action<double> progress)
    {
        var annealed = kind.IsAnnealed();
        using IScoreModel model = annealed ? Fitting.CreateNoiseConditionalModel(options, data.Samples) : Fitting.CreateFiniteDifferenceModel(options);
        var watch = Stopwatch.StartNew();
        Action<double> trainingProgress = fraction => progress(TrainingShare * fraction);
        IReadOnlyList<double> losses;
        if (annealed)
        {
            losses = Fitting.TrainNoiseConditional(model, data.Samples, options, trainingProgress);
        }
        else
        {
            using var loss = CreateFiniteDifferenceLoss(kind);
            losses = Fitting.Train(model, loss, options.LearningRate, options.Epochs, options.Seed, trainingProgress);
        }

        watch.Stop();
        var sampling = Chains.Run(model, annealed, data.Starts, options, Measure, fraction => progress(TrainingShare + ((1 - TrainingShare) * fraction)));
        var byLevel = model is INoiseConditionalScoreModel conditional ? RelativeFisherDivergenceByLevel(conditional) : null;
        return new ExperimentResult(kind, losses, model.ScoreAt(FieldGrid), RelativeFisherDivergence(model), byLevel, Recover(model), RecoverGuided(model), sampling, watch.Elapsed);
    }

    private ScoreLoss CreateFiniteDifferenceLoss(ExperimentKind kind) => kind switch
    {
        ExperimentKind.Coordinate => new CoordinateFiniteDifferenceScoreMatchingLoss(data.Samples, epsilon: 0.01),
        ExperimentKind.Sliced => new SlicedFiniteDifferenceScoreMatchingLoss(data.Samples, epsilon: 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a finite-difference experiment."),
    };

    /// <summary>The density whose score best matches the model's field on <see cref="DensityGrid"/>, and its L1 distance to the true density.</summary>
    private RecoveredDensity Recover(IScoreModel model) => Judge(ScoreFieldDensity.Recover(model, DensityGrid));

    /// <summary>
    /// The same, with the model's field blended into the samples' kernel estimate's where the samples thin out: the
    /// model is trusted where it was trained, and the estimate's Gaussian tails close the density beyond.
    /// </summary>
    private RecoveredDensity RecoverGuided(IScoreModel model) => Judge(ScoreFieldDensity.Recover(model, DensityGrid, data.Samples));

    private RecoveredDensity Judge(PlanarDensity density) =>
        new(density.Values, density.L1Distance((x, y) => data.Mixture.Density([x, y])), density.ResidualFraction);

    /// <summary>The Gaussian kernel estimate of the samples the fits learn from, bandwidth by Scott's rule, on <see cref="DensityGrid"/>.</summary>
    private RecoveredDensity KernelDensity()
    {
        var estimate = new GaussianKernelDensity(data.Samples).Density(DensityGrid.Points());
        var values = new double[DensityNodes, DensityNodes];
        var difference = new double[DensityNodes, DensityNodes];
        for (var i = 0; i < DensityNodes; i++)
        {
            for (var j = 0; j < DensityNodes; j++)
            {
                values[i, j] = estimate[(i * DensityNodes) + j];
                difference[i, j] = Math.Abs(values[i, j] - data.Mixture.Density([DensityGrid.X(i), DensityGrid.Y(j)]));
            }
        }

        return new RecoveredDensity(values, Trapezoid(difference), null);
    }

    /// <summary>The trapezoid rule over <see cref="DensityGrid"/>, as the library integrates a recovered density's L1 distance.</summary>
    private static double Trapezoid(double[,] values)
    {
        var sum = 0.0;
        for (var i = 0; i < DensityNodes; i++)
        {
            for (var j = 0; j < DensityNodes; j++)
            {
                var weight = (i == 0 || i == DensityNodes - 1 ? 0.5 : 1) * (j == 0 || j == DensityNodes - 1 ? 0.5 : 1);
                sum += weight * values[i, j];
            }
        }

        return sum * DensityGrid.XStep * DensityGrid.YStep;
    }

    private SampleMetrics Measure(double[,] samples) => Chains.Measure(samples, data.Reference, data.Mixture);

    /// <summary>E‖ψ − ∇ log p‖² / E‖∇ log p‖² over the fresh samples of <see cref="StudyData.FisherPoints"/>.</summary>
    private double RelativeFisherDivergence(IScoreModel model) =>
        RelativeFisherDivergence(model.ScoreAt(data.FisherPoints), data.Mixture.Score(data.FisherPoints));

    /// <summary>
    /// At each level σ, E‖ψ(x, σ) − ∇ log p_σ(x)‖² / E‖∇ log p_σ(x)‖² over fresh samples of the noised mixture p_σ: what
    /// the model learnt of each noised density, the one its loss asks for at that level.
    /// </summary>
    private IReadOnlyList<double> RelativeFisherDivergenceByLevel(INoiseConditionalScoreModel model)
    {
        var count = Math.Min(5000, options.FisherPoints);
        return model.Noise.Levels.Select((sigma, level) =>
        {
            var noised = data.Mixture.Noised(sigma);
            var points = noised.Sample(new Random(options.Seed + level), count);
            return RelativeFisherDivergence(ScoreAtLevel(model, points, sigma), noised.Score(points));
        }).ToList();
    }

    private static double[,] ScoreAtLevel(INoiseConditionalScoreModel model, double[,] points, double sigma)
    {
        var count = points.GetLength(0);
        var flat = new double[points.Length];
        Buffer.BlockCopy(points, 0, flat, 0, flat.Length * sizeof(double));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = tensor(flat, [count, 2]).to(model.DType);
        var scores = model.Score(x, full(count, sigma, model.DType)).to(ScalarType.Float64).data<double>().ToArray();
        var result = new double[count, 2];
        Buffer.BlockCopy(scores, 0, result, 0, scores.Length * sizeof(double));
        return result;
    }

    private static double RelativeFisherDivergence(double[,] fitted, double[,] truth)
    {
        var (difference, reference) = (0.0, 0.0);
        for (var n = 0; n < truth.GetLength(0); n++)
        {
            for (var i = 0; i < 2; i++)
            {
                difference += Math.Pow(fitted[n, i] - truth[n, i], 2);
                reference += truth[n, i] * truth[n, i];
            }
        }

        return difference / reference;
    }
}
