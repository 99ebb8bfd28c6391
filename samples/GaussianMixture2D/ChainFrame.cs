namespace GaussianMixture2D;

/// <summary>The chains at one recorded step: their points, the step, and the noise level annealed dynamics were at (NaN for plain dynamics).</summary>
internal sealed record ChainFrame(double[,] Points, int Step, double Sigma);
