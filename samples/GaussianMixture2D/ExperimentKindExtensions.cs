namespace GaussianMixture2D;

/// <summary>The names an experiment goes by: its number, its title, its name on the command line and the stem of its files.</summary>
internal static class ExperimentKindExtensions
{
    public static string Number(this ExperimentKind kind) => ((int)kind + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Title(this ExperimentKind kind) => kind switch
    {
        ExperimentKind.Coordinate => "Coordinate finite differences",
        ExperimentKind.Sliced => "Sliced finite differences",
        ExperimentKind.NoiseConditional => "Noise-conditional denoising",
        _ => kind.ToString(),
    };

    /// <summary>The name that <c>--experiments</c> takes.</summary>
    public static string Name(this ExperimentKind kind) => kind switch
    {
        ExperimentKind.Coordinate => "coordinate",
        ExperimentKind.Sliced => "sliced",
        ExperimentKind.NoiseConditional => "noise",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static string FileStem(this ExperimentKind kind) => kind.Number() + "-" + kind switch
    {
        ExperimentKind.NoiseConditional => "noise-conditional",
        _ => kind.Name(),
    };

    /// <summary>Whether the experiment's model is noise-conditional, and so is sampled by annealed Langevin dynamics.</summary>
    public static bool IsAnnealed(this ExperimentKind kind) => kind == ExperimentKind.NoiseConditional;
}
