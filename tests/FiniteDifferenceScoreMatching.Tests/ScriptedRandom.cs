namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>
/// A <see cref="Random"/> whose draws are chosen by the test: <see cref="NextDouble"/> gives the scripted values in
/// order (or one value for ever), <see cref="Next(int)"/> one fixed integer, so that a sampler's output can be worked
/// out by hand from its definition. Any other draw throws, and so does running out of scripted values.
/// </summary>
internal sealed class ScriptedRandom : Random
{
    private readonly Queue<double> _doubles;
    private readonly double? _constant;
    private readonly int _integer;

    private ScriptedRandom(IEnumerable<double> doubles, double? constant, int integer)
    {
        _doubles = new Queue<double>(doubles);
        _constant = constant;
        _integer = integer;
    }

    /// <summary>Gets the number of scripted values not drawn yet.</summary>
    public int Remaining => _doubles.Count;

    /// <summary>A source whose <see cref="NextDouble"/> gives <paramref name="values"/> in order, then throws.</summary>
    public static ScriptedRandom Sequence(params double[] values) => new(values, null, 0);

    /// <summary>A source whose every <see cref="NextDouble"/> is <paramref name="value"/> and every <see cref="Next(int)"/> is <paramref name="integer"/>.</summary>
    public static ScriptedRandom Constant(double value, int integer) => new([], value, integer);

    public override double NextDouble() =>
        _constant ?? (_doubles.Count > 0 ? _doubles.Dequeue() : throw new InvalidOperationException("The scripted values are used up."));

    public override int Next(int maxValue) =>
        _integer < maxValue ? _integer : throw new InvalidOperationException($"The scripted integer {_integer} is not below {maxValue}.");

    public override int Next() => throw new InvalidOperationException("Only NextDouble and Next(int) are scripted.");

    public override int Next(int minValue, int maxValue) => throw new InvalidOperationException("Only NextDouble and Next(int) are scripted.");

    public override void NextBytes(byte[] buffer) => throw new InvalidOperationException("Only NextDouble and Next(int) are scripted.");

    protected override double Sample() => throw new InvalidOperationException("Only NextDouble and Next(int) are scripted.");
}
