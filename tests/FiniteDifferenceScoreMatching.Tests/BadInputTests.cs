using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.OneDimensional.Density;
using FiniteDifferenceScoreMatching.OneDimensional.Fitting;
using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>
/// Every public entry point against every bad input: each gets a .NET exception that names the parameter (and shows
/// the value or shape where there is one), before any native call can fail without context. The table in
/// docs/bad-input.md lists exactly these cases.
/// </summary>
public class BadInputTests
{
    private static readonly UniformGrid Grid = new(0, 1, 3);
    private static readonly double[] Samples = [-1.0, 0.5, 2.0];

    // Messages format values in the current culture, as .NET's own argument exceptions do.
    private static readonly string Infinity = double.PositiveInfinity.ToString(System.Globalization.CultureInfo.CurrentCulture);

    public static TheoryData<string> Labels => [.. Cases.Keys];

    private static Dictionary<string, Case> Cases { get; } = BuildCases();

    [Theory]
    [MemberData(nameof(Labels))]
    public void EntryPoint_BadInput_ThrowsClearException(string label)
    {
        var @case = Cases[label];

        var thrown = @case.Act.Should().Throw<Exception>().Which;

        thrown.Should().BeAssignableTo(@case.Exception, label);
        if (@case.Parameter is not null)
        {
            thrown.Should().BeAssignableTo<ArgumentException>().Which.ParamName.Should().Be(@case.Parameter, label);
        }

        if (@case.Shows is not null)
        {
            thrown.Message.Should().Contain(@case.Shows, label);
        }
    }

    [Fact]
    public void Docs_ListEveryCase()
    {
        var root = typeof(BadInputTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var table = File.ReadAllText(Path.Combine(root, "docs", "bad-input.md"));

        var rows = table.Split('\n')
            .SkipWhile(line => !line.StartsWith("| Entry point | Bad input | Exception | Parameter |", StringComparison.Ordinal))
            .Skip(2)
            .TakeWhile(line => line.StartsWith('|'))
            .ToList();

        rows.Should().HaveCount(Cases.Count, "the table has one row per tested case");
        foreach (var (label, @case) in Cases)
        {
            var (entry, input) = Split(label);
            rows.Should().Contain(r => r.StartsWith($"| `{entry}` | {input} | `{@case.Exception.Name}`", StringComparison.Ordinal), label);
        }
    }

    private static (string Entry, string Input) Split(string label)
    {
        var bar = label.IndexOf(" | ", StringComparison.Ordinal);
        return (label[..bar], label[(bar + 3)..]);
    }

    private static Dictionary<string, Case> BuildCases()
    {
        var cases = new Dictionary<string, Case>();
        void Add(string entry, string input, Action act, Type exception, string? parameter, string? shows = null) =>
            cases.Add($"{entry} | {input}", new Case(act, exception, parameter, shows));

        var aoor = typeof(ArgumentOutOfRangeException);
        var arg = typeof(ArgumentException);
        var nul = typeof(ArgumentNullException);
        var disposed = typeof(ObjectDisposedException);

        Add("new UniformGrid", "start NaN", () => _ = new UniformGrid(double.NaN, 1, 3), aoor, "start", "start of the grid must be finite");
        Add("new UniformGrid", "descending (stop ≤ start)", () => _ = new UniformGrid(1, 0, 3), aoor, "stop", "greater than its start (1)");
        Add("new UniformGrid", "stop infinite", () => _ = new UniformGrid(0, double.PositiveInfinity, 3), aoor, "stop", Infinity);
        Add("new UniformGrid", "fewer than 2 points", () => _ = new UniformGrid(0, 1, 1), aoor, "count", "1");
        Add("new UniformGrid", "width beyond double precision (−1e308 to 1e308)", () => _ = new UniformGrid(-1e308, 1e308, 10), aoor, "stop", "larger than a double");
        Add("new UniformGrid", "points closer than double precision tells apart", () => _ = new UniformGrid(1, 1 + 1e-15, 1000), aoor, "count", "points 0 and 1 are both 1");
        Add("new UniformGrid", "last two points equal in double precision", () => _ = new UniformGrid(1.0000000000000002, 1.0000000000000004, 3), aoor, "count", "at the end of the grid");

        Add("new GridTarget", "null grid", () => _ = new GridTarget(null!, [1.0], [1.0]), nul, "grid");
        Add("new GridTarget", "density of another length than the grid", () => _ = new GridTarget(Grid, [1.0, 1.0], [0.0, 0.0, 0.0]), arg, "density", "got 2");
        Add("new GridTarget", "score of another length than the grid", () => _ = new GridTarget(Grid, [1.0, 1.0, 1.0], [0.0]), arg, "score", "got 1");
        Add("new GridTarget", "NaN density", () => _ = new GridTarget(Grid, [1.0, double.NaN, 1.0], [0.0, 0.0, 0.0]), arg, "density", "NaN");
        Add("new GridTarget", "negative density", () => _ = new GridTarget(Grid, [1.0, -0.5, 1.0], [0.0, 0.0, 0.0]), arg, "density", "-0.5");
        Add("new GridTarget", "infinite score", () => _ = new GridTarget(Grid, [1.0, 1.0, 1.0], [0.0, double.NegativeInfinity, 0.0]), arg, "score", "index 1");
        Add("GridTarget.Tabulate", "null function", () => GridTarget.Tabulate(Grid, null!, x => x), nul, "function");

        Add("new GaussianMixture", "no components", () => _ = new GaussianMixture([], [], []), arg, "means", "at least one component");
        Add("new GaussianMixture", "lists of different lengths", () => _ = new GaussianMixture([0.0, 1.0], [1.0], [0.5, 0.5]), arg, "standardDeviations", "got 1");
        Add("new GaussianMixture", "fewer weights than means", () => _ = new GaussianMixture([0.0, 1.0], [1.0, 1.0], [1.0]), arg, "weights", "one weight for each of the 2 means, but got 1");
        Add("new GaussianMixture", "NaN mean", () => _ = new GaussianMixture([double.NaN], [1.0], [1.0]), arg, "means", "NaN");
        Add("new GaussianMixture", "σ ≤ 0", () => _ = new GaussianMixture([0.0], [0.0], [1.0]), arg, "standardDeviations", "is 0");
        Add("new GaussianMixture", "negative weight", () => _ = new GaussianMixture([0.0, 1.0], [1.0, 1.0], [1.5, -0.5]), arg, "weights", "-0.5");
        Add("new GaussianMixture", "weights not summing to 1", () => _ = new GaussianMixture([0.0, 1.0], [1.0, 1.0], [0.5, 0.6]), arg, "weights", "1.1");
        Add("GaussianMixture.Sample", "null random source", () => SeedProblem.Mixture.Sample(null!, 3), nul, "random");
        Add("GaussianMixture.Sample", "count ≤ 0", () => SeedProblem.Mixture.Sample(new Random(1), 0), aoor, "count", "0");

        Add("new MlpScoreModel", "null generator", () => _ = new MlpScoreModel((Generator)null!), nul, "generator");
        Add("new MlpScoreModel", "no hidden layer", () => _ = new MlpScoreModel(1, new MlpOptions { HiddenWidths = [] }), arg, "HiddenWidths");
        Add("new MlpScoreModel", "hidden width 0", () => _ = new MlpScoreModel(1, new MlpOptions { HiddenWidths = [0] }), arg, "HiddenWidths", "width 0");
        Add("new MlpScoreModel", "integer dtype", () => _ = new MlpScoreModel(1, new MlpOptions { DType = ScalarType.Int64 }), arg, "DType", "Int64");
        Add("MlpScoreModel.Score", "null points", () => WithMlp(m => m.Score(null!)), nul, "x");
        Add("MlpScoreModel.Score", "points of shape [3, 2]", () => WithMlp(m => m.Score(zeros(3, 2))), arg, "x", "[3, 2]");
        Add("MlpScoreModel.Score", "points of another dtype", () => WithMlp(m => m.Score(zeros(new long[] { 3, 1 }, ScalarType.Float64))), arg, "x", "Float64");
        Add("MlpScoreModel.Score", "disposed model", () => Disposed(new MlpScoreModel(1)).Score(zeros(3, 1)), disposed, null);

        Add("new ModuleScoreModel", "null module", () => _ = new ModuleScoreModel(null!), nul, "module");
        Add("new ModuleScoreModel", "module without parameters", () => _ = new ModuleScoreModel(nn.Identity()), arg, "module", "no parameters");
        Add("new ModuleScoreModel", "parameters of mixed dtypes", () => _ = new ModuleScoreModel(nn.Sequential(nn.Linear(1, 2), nn.Linear(2, 1, dtype: ScalarType.Float64))), arg, "module", "Float64");
        Add("new ModuleScoreModel", "module that changes the shape", () => _ = new ModuleScoreModel(nn.Linear(1, 3)), arg, "module", "[2, 3]");
        Add("ModuleScoreModel.Score", "points of a shape the module cannot take", () => new ModuleScoreModel(nn.Linear(1, 1)).Score(zeros(4, 2)), arg, "x", "[4, 2]");

        Add("ScoreModelExtensions.ScoreAt", "null points", () => WithMlp(m => m.ScoreAt((IReadOnlyList<double>)null!)), nul, "points");
        Add("ScoreModelExtensions.ScoreAt", "no points", () => WithMlp(m => m.ScoreAt([])), arg, "points");
        Add("ScoreModelExtensions.ScoreAt", "NaN point", () => WithMlp(m => m.ScoreAt([0.0, double.NaN])), arg, "points", "index 1");
        Add("ScoreModelExtensions.ScoreAt", "point beyond the model's dtype (1e300, Float32)", () => WithMlp(m => m.ScoreAt([0.0, 1e300])), arg, "points", "Float32");

        Add("ParameterSnapshot.Capture", "null model", () => ParameterSnapshot.Capture(null!), nul, "model");
        Add("ParameterSnapshot.RestoreInto", "model of another architecture", () => WithMlp(m => ParameterSnapshot.Capture(m).RestoreInto(new MlpScoreModel(1, new MlpOptions { HiddenWidths = [4] }))), arg, "model", "[4, 1]");

        Add("FiniteDifferenceDerivative.DefaultDelta", "a single point", () => FiniteDifferenceDerivative.DefaultDelta([1.0]), arg, "points", "1");
        Add("FiniteDifferenceDerivative.DefaultDelta", "all points equal", () => FiniteDifferenceDerivative.DefaultDelta([2.0, 2.0]), arg, "points", "equal 2");
        Add("FiniteDifferenceDerivative.DefaultDelta", "NaN point", () => FiniteDifferenceDerivative.DefaultDelta([0.0, double.NaN]), arg, "points", "index 1 is NaN");
        Add("FiniteDifferenceDerivative.DefaultDelta", "range beyond double precision", () => FiniteDifferenceDerivative.DefaultDelta([-1.7e308, 1.7e308]), arg, "points", "larger than a double");
        Add("FiniteDifferenceDerivative.Evaluate", "null model", () => FiniteDifferenceDerivative.Evaluate(null!, zeros(2, 1), 0.1), nul, "model");
        Add("FiniteDifferenceDerivative.Evaluate", "null points", () => WithMlp(m => FiniteDifferenceDerivative.Evaluate(m, null!, 0.1)), nul, "x");
        Add("FiniteDifferenceDerivative.Evaluate", "δ ≤ 0", () => WithMlp(m => FiniteDifferenceDerivative.Evaluate(m, zeros(2, 1), 0)), aoor, "delta", "0");
        Add("FiniteDifferenceDerivative.Evaluate", "δ NaN", () => WithMlp(m => FiniteDifferenceDerivative.Evaluate(m, zeros(2, 1), double.NaN)), aoor, "delta", "NaN");
        Add("FiniteDifferenceDerivative.Evaluate", "δ too small for the dtype (x + δ == x)", () => WithMlp(m => FiniteDifferenceDerivative.Evaluate(m, full(2, 1, 100f), 1e-7)), aoor, "delta", "Float32");
        Add("FiniteDifferenceDerivative.Evaluate", "δ too large for the dtype (x ± δ overflows)", () => WithMlp(m => FiniteDifferenceDerivative.Evaluate(m, zeros(2, 1), 1e300)), aoor, "delta", "too large for Float32");

        Add("new EmpiricalFiniteDifferenceScoreMatchingLoss", "null samples", () => _ = new EmpiricalFiniteDifferenceScoreMatchingLoss(null!), nul, "samples");
        Add("new EmpiricalFiniteDifferenceScoreMatchingLoss", "no samples", () => _ = new EmpiricalFiniteDifferenceScoreMatchingLoss([]), arg, "samples", "At least one sample");
        Add("new EmpiricalFiniteDifferenceScoreMatchingLoss", "a single sample, default δ", () => _ = new EmpiricalFiniteDifferenceScoreMatchingLoss([1.0]), arg, "samples", "1");
        Add("new EmpiricalFiniteDifferenceScoreMatchingLoss", "all samples equal, default δ", () => _ = new EmpiricalFiniteDifferenceScoreMatchingLoss([3.0, 3.0, 3.0]), arg, "samples", "equal 3");
        Add("new EmpiricalFiniteDifferenceScoreMatchingLoss", "NaN sample", () => _ = new EmpiricalFiniteDifferenceScoreMatchingLoss([0.0, double.NaN]), arg, "samples", "NaN");
        Add("new EmpiricalFiniteDifferenceScoreMatchingLoss", "infinite sample", () => _ = new EmpiricalFiniteDifferenceScoreMatchingLoss([0.0, double.PositiveInfinity]), arg, "samples", "index 1");
        Add("new EmpiricalFiniteDifferenceScoreMatchingLoss", "δ ≤ 0", () => _ = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples, -1), aoor, "delta", "-1");
        Add("new EmpiricalFiniteDifferenceScoreMatchingLoss", "δ NaN", () => _ = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples, double.NaN), aoor, "delta", "NaN");
        Add("new EmpiricalFiniteDifferenceScoreMatchingLoss", "δ too small for float64 (x + δ == x)", () => _ = new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples, 1e-300), aoor, "delta", "Float64");
        Add("EmpiricalFiniteDifferenceScoreMatchingLoss.Compute", "δ too small for a float32 model", () => WithMlp(m => new EmpiricalFiniteDifferenceScoreMatchingLoss([0.0, 100.0], 1e-6).Compute(m)), aoor, "delta", "Float32");
        Add("new GridFiniteDifferenceScoreMatchingLoss", "null target", () => _ = new GridFiniteDifferenceScoreMatchingLoss(null!), nul, "target");
        Add("new GridFiniteDifferenceScoreMatchingLoss", "δ ≤ 0", () => _ = new GridFiniteDifferenceScoreMatchingLoss(SeedProblem.Target, 0), aoor, "delta", "0");
        Add("new ExplicitScoreMatchingLoss", "null target", () => _ = new ExplicitScoreMatchingLoss(null!), nul, "target");
        Add("new SquaredErrorLoss", "null target", () => _ = new SquaredErrorLoss(null!), nul, "target");
        Add("new ImplicitScoreMatchingLoss", "no samples", () => _ = new ImplicitScoreMatchingLoss(Array.Empty<double>()), arg, "samples");
        Add("new ImplicitScoreMatchingLoss", "NaN sample", () => _ = new ImplicitScoreMatchingLoss([double.NaN]), arg, "samples", "NaN");
        Add("ScoreLoss.Compute", "null model", () => new ExplicitScoreMatchingLoss(SeedProblem.Target).Compute(null!), nul, "model");
        Add("ScoreLoss.Compute", "disposed loss", () => WithMlp(m => Disposed(new ExplicitScoreMatchingLoss(SeedProblem.Target)).Compute(m)), disposed, null);
        Add("ScoreLoss.Compute", "disposed model", () => new ExplicitScoreMatchingLoss(SeedProblem.Target).Compute(Disposed(new MlpScoreModel(1))), disposed, null);

        Add("new Trainer", "null model", () => _ = new Trainer(null!), nul, "model");
        Add("new Trainer", "disposed model", () => _ = new Trainer(Disposed(new MlpScoreModel(1))), disposed, null);
        Add("new Trainer", "model whose output shape differs from its input's", () => _ = new Trainer(new TransposingModel()), arg, "model", "[1, 2]");
        Add("new Trainer", "learning rate ≤ 0", () => _ = new Trainer(new MlpScoreModel(1), new TrainerOptions { LearningRate = 0 }), aoor, "LearningRate", "0");
        Add("new Trainer", "learning rate NaN", () => _ = new Trainer(new MlpScoreModel(1), new TrainerOptions { LearningRate = double.NaN }), aoor, "LearningRate", "NaN");
        Add("new Trainer", "learning rate infinite", () => _ = new Trainer(new MlpScoreModel(1), new TrainerOptions { LearningRate = double.PositiveInfinity }), aoor, "LearningRate", Infinity);
        Add("new Trainer", "learning rate beyond the model's dtype (1e300, Float32)", () => _ = new Trainer(new MlpScoreModel(1), new TrainerOptions { LearningRate = 1e300 }), aoor, "LearningRate", "Float32");
        Add("new Trainer", "report interval ≤ 0", () => _ = new Trainer(new MlpScoreModel(1), new TrainerOptions { ReportInterval = 0 }), aoor, "ReportInterval", "0");
        Add("new Trainer", "snapshot interval ≤ 0", () => _ = new Trainer(new MlpScoreModel(1), new TrainerOptions { SnapshotInterval = -5 }), aoor, "SnapshotInterval", "-5");
        Add("Trainer.Train", "null loss", () => new Trainer(new MlpScoreModel(1)).Train(null!, 1), nul, "loss");
        Add("Trainer.Train", "epochs ≤ 0", () => new Trainer(new MlpScoreModel(1)).Train(new ExplicitScoreMatchingLoss(SeedProblem.Target), 0), aoor, "epochs", "0");
        Add("Trainer.Train", "disposed trainer", () => Disposed(new Trainer(new MlpScoreModel(1))).Train(new ExplicitScoreMatchingLoss(SeedProblem.Target), 1), disposed, null);
        Add("Trainer.Train", "disposed loss", () => new Trainer(new MlpScoreModel(1)).Train(Disposed(new ExplicitScoreMatchingLoss(SeedProblem.Target)), 1), disposed, null);
        Add("Trainer.SaveCheckpoint", "empty path", () => new Trainer(new MlpScoreModel(1)).SaveCheckpoint(string.Empty), arg, "path");
        Add("Trainer.Resume", "null model", () => Trainer.Resume(null!, "x.ckpt"), nul, "model");
        Add("Trainer.Resume", "null path", () => Trainer.Resume(new MlpScoreModel(1), null!), nul, "path");

        Add("DensityRecovery.FromScore", "null grid", () => DensityRecovery.FromScore(null!, [0.0]), nul, "grid");
        Add("DensityRecovery.FromScore", "score of another length than the grid", () => DensityRecovery.FromScore(Grid, [0.0, 0.0]), arg, "score", "got 2");
        Add("DensityRecovery.FromScore", "NaN score", () => DensityRecovery.FromScore(Grid, [0.0, double.NaN, 0.0]), arg, "score", "index 1 is NaN");
        Add("ScoreDensity.FromScore", "null grid", () => ScoreDensity.FromScore(null!, [0.0]), nul, "grid");
        Add("ScoreDensity.FromScore", "score of another length than the grid", () => ScoreDensity.FromScore(Grid, [0.0, 0.0]), arg, "score", "got 2");
        Add("ScoreDensity.FromScore", "NaN score", () => ScoreDensity.FromScore(Grid, [0.0, double.NaN, 0.0]), arg, "score", "index 1 is NaN");
        Add("ScoreDensity.FromScore (model)", "null grid", () => WithMlp(m => ScoreDensity.FromScore(null!, m)), nul, "grid");
        Add("ScoreDensity.FromScore (model)", "null model", () => ScoreDensity.FromScore(Grid, (IScoreModel)null!), nul, "model");
        Add("ScoreDensity.InverseCumulativeDistribution", "probability 0", () => ScoreDensity.FromScore(Grid, [1.0, 0.0, -1.0]).InverseCumulativeDistribution(0), aoor, "probability", "strictly between 0 and 1");
        Add("ScoreDensity.Sample", "null random source", () => ScoreDensity.FromScore(Grid, [1.0, 0.0, -1.0]).Sample(null!, 1), nul, "random");
        Add("ScoreDensity.Sample", "negative count", () => ScoreDensity.FromScore(Grid, [1.0, 0.0, -1.0]).Sample(new Random(1), -1), aoor, "count", "-1");
        Add("ScoreDensity.MeanLogLikelihood", "no samples", () => ScoreDensity.FromScore(Grid, [1.0, 0.0, -1.0]).MeanLogLikelihood([]), arg, "samples", "At least one sample");
        Add("DensityMetrics.L1Distance", "pdfs of different lengths", () => DensityMetrics.L1Distance(Grid, [1.0, 1.0, 1.0], [1.0]), arg, "referencePdf", "got 1");
        Add("DensityMetrics.L1Distance", "negative pdf", () => DensityMetrics.L1Distance(Grid, [1.0, -1.0, 1.0], [1.0, 1.0, 1.0]), arg, "pdf", "-1");
        Add("DensityMetrics.FisherDivergence", "NaN reference score", () => DensityMetrics.FisherDivergence(Grid, [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [0.0, double.NaN, 0.0]), arg, "referenceScore", "NaN");
        Add("DensityMetrics.MassBelow", "NaN point", () => DensityMetrics.MassBelow(Grid, [1.0, 1.0, 1.0], double.NaN), aoor, "point", "must not be NaN");

        Add("new MlpEnsemble", "null seeds", () => _ = new MlpEnsemble(null!), nul, "seeds");
        Add("new MlpEnsemble", "no seeds", () => _ = new MlpEnsemble([]), arg, "seeds", "at least one seed");
        Add("MlpEnsemble.Score", "points of shape [3, 2]", () => WithEnsemble(e => e.Score(zeros(3, 2))), arg, "x", "[3, 2]");
        Add("MlpEnsemble.Score", "points of another dtype", () => WithEnsemble(e => e.Score(zeros(new long[] { 3 }, ScalarType.Float64))), arg, "x", "Float64");
        Add("MlpEnsemble.ToModel", "index past the last member", () => WithEnsemble(e => e.ToModel(2)), aoor, "member", "2");
        Add("MlpEnsemble.ToModel", "disposed ensemble", () => Disposed(new MlpEnsemble([1, 2])).ToModel(0), disposed, null);
        Add("new EnsembleMeanScoreModel", "null ensemble", () => _ = new EnsembleMeanScoreModel(null!), nul, "ensemble");
        Add("new SplineScoreModel", "a single knot", () => _ = new SplineScoreModel([0.0], [0.0, 0.0, 0.0], 0, 1), arg, "knots", "at least two knots, but there are 1");
        Add("new SplineScoreModel", "an integer dtype", () => _ = new SplineScoreModel([0.0, 1.0], new double[4], 0, 1, dtype: ScalarType.Int32), arg, "dtype", "Float32 or Float64, not Int32");
        Add("new StandardizedScoreModel", "null inner model", () => _ = new StandardizedScoreModel(null!, 0, 1), nul, "inner");
        Add("new StandardizedScoreModel", "NaN center", () => _ = new StandardizedScoreModel(TestModels.Affine(1, 0), double.NaN, 1), aoor, "center", "NaN");
        Add("new StandardizedScoreModel", "zero scale", () => _ = new StandardizedScoreModel(TestModels.Affine(1, 0), 0, 0), aoor, "scale", "0");
        Add("new Trainer", "ensemble, learning rate beyond its dtype (1e300, Float32)", () => WithEnsemble(e => new Trainer(e, new TrainerOptions { LearningRate = 1e300 })), aoor, "LearningRate", "Float32");
        Add("new Trainer", "unknown engine", () => WithMlp(m => new Trainer(m, new TrainerOptions { Engine = (TrainingEngine)7 })), aoor, "Engine", "engine");
        Add("Trainer.Train", "ensemble, zero epochs", () => WithEnsemble(e => new Trainer(e).Train(new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples), 0)), aoor, "epochs", "0");
        Add("EmpiricalFiniteDifferenceScoreMatchingLoss.ComputeEach", "null context", () => new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples).ComputeEach(null!), nul, "context");
        Add("new CurvaturePenalizedScoreMatchingLoss", "negative curvature weight", () => _ = new CurvaturePenalizedScoreMatchingLoss(Samples, -1), aoor, "curvatureWeight", "-1");
        Add("new CurvaturePenalizedScoreMatchingLoss", "no samples", () => _ = new CurvaturePenalizedScoreMatchingLoss([], 0.1), arg, "samples");
        Add("SampleSplit.Create", "validation fraction 0", () => SampleSplit.Create(Samples, 0, new Random(1)), aoor, "validationFraction", "0");
        Add("Trainer.Train (early stopping)", "zero patience", () => WithMlp(m => new Trainer(m).Train(new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples), new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples), new EarlyStoppingOptions { Patience = 0 })), aoor, "Patience", "0");
        Add("Trainer.Train (early stopping)", "ensemble, null validation loss", () => WithEnsemble(e => new Trainer(e).Train(new EmpiricalFiniteDifferenceScoreMatchingLoss(Samples), (ScoreLoss)null!)), nul, "validationLoss");
        Add("ScoreMatchingFit.Fit", "one sample", () => ScoreMatchingFit.Fit([1.0]), arg, "samples", "at least two");
        Add("ScoreMatchingFit.Fit", "all samples equal", () => ScoreMatchingFit.Fit([2.0, 2.0, 2.0]), arg, "samples", "All 3 samples equal");
        Add("ScoreMatchingFit.Fit", "NaN sample", () => ScoreMatchingFit.Fit([0.0, double.NaN, 1.0]), arg, "samples", "NaN");
        Add("ScoreMatchingFit.Fit", "samples too large to standardise", () => ScoreMatchingFit.Fit([1.5e308, 1.6e308, 1.7e308]), arg, "samples", "cannot be standardised");
        Add("ScoreMatchingFit.Fit", "samples spanning nearly all doubles", () => ScoreMatchingFit.Fit([-1.7e308, 0.0, 1.7e308]), arg, "samples", "cannot be standardised");
        Add("ScoreMatchingFit.Fit", "token cancelled before the fit", () => ScoreMatchingFit.Fit(Samples, null, new CancellationToken(canceled: true)), typeof(OperationCanceledException), null);
        Add("ScoreMatchingFit.Fit", "zero restarts", () => ScoreMatchingFit.Fit(Samples, new FitOptions { Restarts = 0 }), aoor, "Restarts", "0");
        Add("ScoreMatchingFit.Fit", "validation fraction 1", () => ScoreMatchingFit.Fit(Samples, new FitOptions { ValidationFraction = 1 }), aoor, "ValidationFraction", "1");
        Add("ScoreMatchingFit.Fit", "unknown restart combination", () => ScoreMatchingFit.Fit(Samples, new FitOptions { Combination = (RestartCombination)7 }), aoor, "Combination", "7");

        return cases;
    }

    private static void WithEnsemble(Action<MlpEnsemble> act)
    {
        using var ensemble = new MlpEnsemble([1, 2]);
        act(ensemble);
    }

    private static void WithMlp(Action<MlpScoreModel> act)
    {
        using var model = new MlpScoreModel(1);
        act(model);
    }

    private static T Disposed<T>(T value)
        where T : IDisposable
    {
        value.Dispose();
        return value;
    }

    private sealed record Case(Action Act, Type Exception, string? Parameter, string? Shows);

    /// <summary>A score model that returns its input transposed: a shape a score model must not produce.</summary>
    private sealed class TransposingModel : IScoreModel
    {
        private readonly TorchSharp.Modules.Parameter _parameter = new(zeros(1));

        public ScalarType DType => ScalarType.Float32;

        public Device Device => CPU;

        public Tensor Score(Tensor x) => x.t() + _parameter;

        public IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> NamedParameters() => [("p", _parameter)];

        public void Dispose() => _parameter.Dispose();
    }
}
