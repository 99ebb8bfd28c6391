namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>Parameters and Adam's two moments, as managed arrays of one length, for the fused training paths.</summary>
internal sealed class AdamArrays(int length)
{
    /// <summary>Gets the parameters.</summary>
    public double[] Parameters { get; } = new double[length];

    /// <summary>Gets Adam's first moment, the running mean of the gradients.</summary>
    public double[] Mean { get; } = new double[length];

    /// <summary>Gets Adam's second moment, the running mean of the squared gradients.</summary>
    public double[] Square { get; } = new double[length];
}
