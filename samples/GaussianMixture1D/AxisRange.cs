using System.Globalization;

namespace GaussianMixture1D;

/// <summary>An interval of an axis, [<paramref name="Lower"/>, <paramref name="Upper"/>].</summary>
internal readonly record struct AxisRange(double Lower, double Upper)
{
    public double Width => Upper - Lower;

    /// <summary>The smallest range that holds every finite value of <paramref name="values"/>.</summary>
    public static AxisRange Of(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count == 0 ? new AxisRange(0, 1) : new AxisRange(finite.Min(), finite.Max());
    }

    public bool Contains(double value) => value >= Lower && value <= Upper;

    /// <summary>This range widened to hold <paramref name="other"/> too.</summary>
    public AxisRange Union(AxisRange other) => new(Math.Min(Lower, other.Lower), Math.Max(Upper, other.Upper));

    /// <summary>This range narrowed to lie within <paramref name="bounds"/>.</summary>
    public AxisRange Within(AxisRange bounds) => new(Math.Clamp(Lower, bounds.Lower, bounds.Upper), Math.Clamp(Upper, bounds.Lower, bounds.Upper));

    /// <summary>This range with <paramref name="below"/> and <paramref name="above"/> times its width added on each side.</summary>
    public AxisRange Pad(double below, double above)
    {
        var width = Width > 0 ? Width : Math.Max(1, Math.Abs(Upper));
        return new AxisRange(Lower - (below * width), Upper + (above * width));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Lower:0.#}, {Upper:0.#}]");
}
