namespace GaussianMixture1D;

/// <summary>The names an experiment goes by: its letter in the original study, its title, and the stem of its files.</summary>
internal static class ExperimentKindExtensions
{
    public static string Letter(this ExperimentKind kind) => ((char)('a' + (int)kind)).ToString();

    public static string Title(this ExperimentKind kind) => kind switch
    {
        ExperimentKind.Explicit => "Explicit score matching",
        ExperimentKind.SquaredError => "Plain squared error",
        ExperimentKind.GridFiniteDifference => "Finite differences on the grid",
        ExperimentKind.SampleFiniteDifference => "Finite differences on the samples",
        ExperimentKind.PreTrained => "Pre-trained (a), then (d)",
        ExperimentKind.FewSamples => "Finite differences, few samples",
        ExperimentKind.OneCallFit => "One-call fit (ScoreMatchingFit)",
        _ => kind.ToString(),
    };

    public static string FileStem(this ExperimentKind kind) => kind.Letter() + "-" + kind switch
    {
        ExperimentKind.Explicit => "explicit",
        ExperimentKind.SquaredError => "squared-error",
        ExperimentKind.GridFiniteDifference => "fd-grid",
        ExperimentKind.SampleFiniteDifference => "fd-samples",
        ExperimentKind.PreTrained => "pretrained",
        ExperimentKind.FewSamples => "fd-few-samples",
        ExperimentKind.OneCallFit => "one-call-fit",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
