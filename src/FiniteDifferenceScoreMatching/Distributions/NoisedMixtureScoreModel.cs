using FiniteDifferenceScoreMatching.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Distributions;

/// <summary>
/// The exact noise-conditional score of a <see cref="MultivariateGaussianMixture"/>: ψ(x, σ) is the score of the mixture
/// noised at σ (<see cref="MultivariateGaussianMixture.Noised"/>), with nothing to learn. It stands in for a trained model
/// wherever the truth is wanted: to check a sampler, or to see what a model should have learned.
/// </summary>
/// <remarks>
/// The scores are computed in managed code in double precision and handed back as CPU tensors of the model's dtype; the
/// model has no parameters, so it cannot be trained. As an <see cref="IScoreModel"/> it scores at the smallest level.
/// </remarks>
public sealed class NoisedMixtureScoreModel : INoiseConditionalScoreModel
{
    private readonly MultivariateGaussianMixture _mixture;
    private readonly Dictionary<double, MultivariateGaussianMixture> _noised = [];

    /// <summary>Creates the model.</summary>
    /// <param name="mixture">The mixture.</param>
    /// <param name="noise">The levels the model serves, as a trained model's would be.</param>
    /// <param name="dtype">The element type of the points it takes and the scores it gives: float32 or float64.</param>
    /// <exception cref="ArgumentNullException"><paramref name="mixture"/> or <paramref name="noise"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is not a floating type.</exception>
    public NoisedMixtureScoreModel(MultivariateGaussianMixture mixture, NoiseSchedule noise, ScalarType dtype = ScalarType.Float64)
    {
        ArgumentNullException.ThrowIfNull(mixture);
        ArgumentNullException.ThrowIfNull(noise);
        if (dtype is not (ScalarType.Float32 or ScalarType.Float64))
        {
            throw new ArgumentException($"The model computes in float32 or float64, not {dtype}.", nameof(dtype));
        }

        _mixture = mixture;
        Noise = noise;
        DType = dtype;
    }

    /// <inheritdoc />
    public NoiseSchedule Noise { get; }

    /// <inheritdoc />
    public ScalarType DType { get; }

    /// <inheritdoc />
    public Device Device => CPU;

    /// <inheritdoc />
    public int Dimension => _mixture.Dimension;

    /// <summary>Evaluates the score at the smallest level.</summary>
    /// <param name="x">The points, [N, d], of the model's dtype on the CPU; not disposed.</param>
    /// <returns>A new [N, d] tensor, owned by the caller.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is of another shape, dtype or device.</exception>
    public Tensor Score(Tensor x)
    {
        ScoreInput.ThrowIfInvalid(x, DType, Device, Dimension, "model");
        return Score(x, Noise.Smallest, null);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A tensor is of another shape, dtype or device.</exception>
    public Tensor Score(Tensor x, Tensor sigma)
    {
        ScoreInput.ThrowIfInvalid(x, DType, Device, Dimension, "model");
        ArgumentNullException.ThrowIfNull(sigma);
        if (sigma.numel() != x.size(0))
        {
            throw new ArgumentException($"The levels must be one per point, {x.size(0)}, not {sigma.numel()}.", nameof(sigma));
        }

        using var levels = sigma.to(ScalarType.Float64, CPU);
        return Score(x, double.NaN, levels.data<double>().ToArray());
    }

    /// <summary>Gets the number of noised mixtures kept for later calls: at most one per level of the schedule.</summary>
    internal int CachedLevelCount => _noised.Count;

    /// <summary>The model has no parameters.</summary>
    /// <returns>An empty sequence.</returns>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => [];

    /// <summary>Nothing to release: the model holds managed data only.</summary>
    public void Dispose()
    {
    }

    /// <summary>The scores of the rows of <paramref name="x"/>, each at its level (or all at <paramref name="level"/>).</summary>
    private Tensor Score(Tensor x, double level, double[]? levels)
    {
        using var gate = TorchGate.Enter();
        using var scope = NewDisposeScope();
        var count = (int)x.size(0);
        var points = new double[count, Dimension];
        Buffer.BlockCopy(x.detach().to(ScalarType.Float64, CPU).reshape(count, Dimension).data<double>().ToArray(), 0, points, 0, points.Length * sizeof(double));

        var scores = new double[count, Dimension];
        foreach (var group in Enumerable.Range(0, count).GroupBy(n => levels?[n] ?? level))
        {
            var mixture = Noised(group.Key);
            var rows = group.ToArray();
            var subset = new double[rows.Length, Dimension];
            for (var r = 0; r < rows.Length; r++)
            {
                for (var i = 0; i < Dimension; i++)
                {
                    subset[r, i] = points[rows[r], i];
                }
            }

            var result = mixture.Score(subset);
            for (var r = 0; r < rows.Length; r++)
            {
                for (var i = 0; i < Dimension; i++)
                {
                    scores[rows[r], i] = result[r, i];
                }
            }
        }

        var flat = new double[scores.Length];
        Buffer.BlockCopy(scores, 0, flat, 0, flat.Length * sizeof(double));
        return tensor(flat, [count, Dimension]).to(DType).reshape(x.shape).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The mixture noised by <paramref name="sigma"/>. Those of the schedule's levels are kept for the next call; any
    /// other level is built afresh each time, so that levels drawn per point cannot make the cache grow without end.
    /// </summary>
    private MultivariateGaussianMixture Noised(double sigma)
    {
        if (_noised.TryGetValue(sigma, out var mixture))
        {
            return mixture;
        }

        mixture = _mixture.Noised(sigma);
        if (Noise.Levels.Contains(sigma))
        {
            _noised.Add(sigma, mixture);
        }

        return mixture;
    }
}
