namespace FitQuality.Suite;

/// <summary>The suite of test distributions, and the selection of some of them by name or part.</summary>
internal static class DistributionSuite
{
    /// <summary>Gets every distribution of the suite, in the order of the tables.</summary>
    /// <remarks>The ids are part of the seeds: keep them when entries are added, removed or moved between parts.</remarks>
    public static IReadOnlyList<SuiteDistribution> All { get; } =
    [
        new(1, "seed-mixture", SuitePart.Tuning, "0.1·N(−3, 1) + 0.9·N(3, 1), the original example",
            new NormalMixtureDistribution((0.1, -3, 1), (0.9, 3, 1))),
        new(2, "normal", SuitePart.Tuning, "N(0, 1)",
            new NormalMixtureDistribution((1, 0, 1))),
        new(3, "three-modes", SuitePart.HeldOut, "0.3·N(−4, 0.5²) + 0.45·N(0, 1.5²) + 0.25·N(4.5, 0.3²), three modes of unequal widths",
            new NormalMixtureDistribution((0.3, -4, 0.5), (0.45, 0, 1.5), (0.25, 4.5, 0.3))),
        new(4, "unequal-widths", SuitePart.Tuning, "0.5·N(0, 0.2²) + 0.5·N(1.5, 2²), two scales ten times apart",
            new NormalMixtureDistribution((0.5, 0, 0.2), (0.5, 1.5, 2))),
        new(5, "laplace", SuitePart.HeldOut, "Laplace(0, 1), a kink at 0",
            new LaplaceDistribution(0, 1)),
        new(6, "gamma2", SuitePart.Tuning, "Gamma(shape 2, scale 1), skewed with a boundary at 0",
            new GammaShapeTwoDistribution(1)),
        new(7, "lognormal", SuitePart.HeldOut, "LogNormal(0, 0.5²), skewed, positive",
            new LogNormalDistribution(0, 0.5)),
        new(8, "student-t3", SuitePart.Tuning, "Student's t with 3 degrees of freedom, heavy tails",
            new StudentTThreeDistribution()),
        new(9, "cauchy", SuitePart.HeldOut, "Cauchy (t with 1 degree of freedom), very heavy tails",
            new CauchyDistribution()),
        new(10, "separated", SuitePart.HeldOut, "0.5·N(−10, 1) + 0.5·N(10, 1), two modes 20 apart",
            new NormalMixtureDistribution((0.5, -10, 1), (0.5, 10, 1))),
        new(11, "small-distant", SuitePart.Tuning, "0.95·N(0, 1) + 0.05·N(6, 0.3²), a small distant mode",
            new NormalMixtureDistribution((0.95, 0, 1), (0.05, 6, 0.3))),
        new(12, "exponential", SuitePart.HeldOut, "Exponential(1), a jump at the boundary 0",
            new ExponentialDistribution(1)),
        new(13, "claw", SuitePart.Tuning, "Marron–Wand claw, 0.5·N(0, 1) + Σₗ 0.1·N(l/2 − 1, 0.1²), l = 0…4",
            new NormalMixtureDistribution((0.5, 0, 1), (0.1, -1, 0.1), (0.1, -0.5, 0.1), (0.1, 0, 0.1), (0.1, 0.5, 0.1), (0.1, 1, 0.1))),
        new(14, "skewed-bimodal", SuitePart.HeldOut, "Marron–Wand skewed bimodal, 0.75·N(0, 1) + 0.25·N(1.5, (1/3)²)",
            new NormalMixtureDistribution((0.75, 0, 1), (0.25, 1.5, 1.0 / 3))),
        new(15, "uniform-step", SuitePart.HeldOut, "0.7·U(0, 1) + 0.3·U(1, 3), a density with jumps",
            new PiecewiseUniformDistribution((0.7, 0, 1), (0.3, 1, 3))),
    ];

    /// <summary>Selects distributions by a comma-separated list of names and of the words tuning, held-out and all.</summary>
    /// <param name="selection">The list, for example <c>normal,cauchy</c> or <c>held-out</c>.</param>
    /// <returns>The selected distributions, in suite order, each once.</returns>
    /// <exception cref="FormatException">A name that is neither a distribution nor one of the words.</exception>
    public static IReadOnlyList<SuiteDistribution> Select(string selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var matches = item.ToLowerInvariant() switch
            {
                "all" => All,
                "tuning" => All.Where(d => d.Part == SuitePart.Tuning).ToList(),
                "held-out" => All.Where(d => d.Part == SuitePart.HeldOut).ToList(),
                var name => All.Where(d => d.Name == name).ToList(),
            };

            if (matches.Count == 0)
            {
                throw new FormatException($"unknown distribution '{item}'; the suite has {string.Join(", ", All.Select(d => d.Name))}, and tuning, held-out, all");
            }

            chosen.UnionWith(matches.Select(d => d.Name));
        }

        return All.Where(d => chosen.Contains(d.Name)).ToList();
    }
}
