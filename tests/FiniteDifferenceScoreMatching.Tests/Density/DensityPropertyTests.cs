using CsCheck;
using FiniteDifferenceScoreMatching.Density;

namespace FiniteDifferenceScoreMatching.Tests.Density;

/// <summary>
/// Random inputs, extreme finite values among them, to the planar grid, the recovery and the kernel estimate: each call
/// returns finite results or throws an <see cref="ArgumentException"/>, never a NaN or an infinity.
/// </summary>
public sealed class DensityPropertyTests
{
    /// <summary>Finite doubles of every magnitude: ordinary, huge, tiny, subnormal, and the largest and smallest.</summary>
    private static readonly Gen<double> AnyFinite = Gen.OneOf(
        Gen.Double[-10, 10],
        Gen.Double[-1e308, 1e308],
        Gen.Double[-1e-300, 1e-300],
        Gen.OneOf(double.MaxValue, -double.MaxValue, double.Epsilon, -double.Epsilon, 0.0, 1e-320, 1e150, -1e150));

    [Fact]
    public void Recover_AnyFiniteGridAndField_FiniteResultsOrAnArgumentException()
    {
        var widths = Gen.OneOf(Gen.Double[0.01, 50], Gen.Double[0, 1e308], Gen.Double[0, 1e-300], Gen.OneOf(1e-150, 1e150, 1e-306, 1e306));
        var grids = Gen.Select(AnyFinite, widths, AnyFinite, widths, Gen.Int[2, 7], Gen.Int[2, 7]);
        Gen.Select(grids, AnyFinite.Array[98], Gen.OneOf(Gen.Double[-1, 1], Gen.OneOf(1e-300, 1e300))).Sample((g, field, scale) =>
        {
            Outcome(() =>
            {
                var grid = new PlanarGrid(g.Item1, g.Item1 + g.Item2, g.Item3, g.Item3 + g.Item4, g.Item5, g.Item6);
                var scores = new double[grid.XCount * grid.YCount, 2];
                for (var k = 0; k < scores.Length; k++)
                {
                    scores[k / 2, k % 2] = field[k] * scale;
                }

                var density = ScoreFieldDensity.Recover(grid, scores);
                density.ResidualFraction.Should().BeInRange(0, 1);
                return [.. density.Values.Cast<double>(), .. density.Potential.Cast<double>(), .. density.Curl.Cast<double>(), density.ResidualFraction,
                    density.Density(grid.X(1), grid.Y(1)), density.Density(0.5 * (grid.XMin + grid.XMax), grid.YMax), density.L1Distance((_, _) => 0)];
            });
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void GaussianKernelDensity_AnyFiniteSamples_FiniteDensitiesOrAnArgumentException()
    {
        var samples = Gen.OneOf(
            AnyFinite.Array[6],
            Gen.Select(Gen.Double[-3, 3].Array[40], Gen.OneOf(1.0, 1e-300, 1e300, 1e-150, 1e150), (values, scale) => values.Select(v => v * scale).ToArray()),
            Gen.Select(Gen.Double[-3, 3].Array[40], AnyFinite, (values, shift) => values.Select(v => v + shift).ToArray()));
        Gen.Select(samples, Gen.Double[1e-3, 10].Select(Gen.Bool, (f, given) => given ? f : (double?)null), AnyFinite, AnyFinite).Sample((values, factor, x, y) =>
        {
            Outcome(() =>
            {
                var rows = new double[values.Length / 2, 2];
                Buffer.BlockCopy(values, 0, rows, 0, rows.Length * sizeof(double));
                var kde = new GaussianKernelDensity(rows, factor);
                return [kde.Density([x, y]), kde.Density([rows[0, 0], rows[0, 1]]), .. kde.Density(rows)];
            });
        }, iter: 400, threads: 1);
    }

    private static void Outcome(Func<double[]> act)
    {
        double[] values;
        try
        {
            values = act();
        }
        catch (ArgumentException)
        {
            return;
        }

        values.Should().OnlyContain(v => double.IsFinite(v) && v >= -double.MaxValue);
    }
}
