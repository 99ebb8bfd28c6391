using System.Diagnostics.CodeAnalysis;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// A noise-conditional score network: ψ(x, σ) = f([x / √(σ² + s²), log σ]) / σ, with f a fully connected network
/// d + 1 → hidden widths → d and s the data's scale.
/// </summary>
/// <remarks>
/// <para>
/// The noised data x + σz spread over about √(σ² + s²) in each coordinate, so dividing by it gives f inputs of order
/// one at every level, from σ = 10 s (where the points would otherwise reach tens) down to the smallest; the division
/// by σ gives the output the scale of the noised score, which grows as 1/σ for small σ, so that f itself stays of
/// order one too; log σ tells f which level it is at. Both keep the large levels, which set the modes' weights that
/// annealed Langevin dynamics reproduces, as easy to learn as the small ones. Initial parameters are drawn as
/// <see cref="MlpOptions.Initialization"/> says from a generator made from the seed, never from TorchSharp's global one.
/// </para>
/// <para>
/// Train it with <see cref="Losses.NoiseConditionalScoreMatchingLoss"/>. As an <see cref="IScoreModel"/> its
/// <see cref="Score(Tensor)"/> is ψ(x, σ_L) at the smallest level. The model owns its parameters and releases them in
/// <see cref="Dispose"/>.
/// </para>
/// </remarks>
public sealed class NoiseConditionalScoreModel : INoiseConditionalScoreModel
{
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly Parameter[] _parameters;
    private readonly (string Name, Parameter Parameter)[] _named;
    private bool _disposed;

    /// <summary>
    /// Creates a network for data of scale s = 1 whose initial parameters are drawn from a generator made from
    /// <paramref name="seed"/>.
    /// </summary>
    /// <param name="seed">The seed of the initialisation.</param>
    /// <param name="noise">The noise levels the model is trained over.</param>
    /// <param name="options">The architecture (its dimension d is that of the data); <see langword="null"/> for the defaults of <see cref="MlpOptions"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="noise"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    [SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = "The longer overload's data scale is required, so no call is ambiguous, and this one keeps its shipped signature.")]
    public NoiseConditionalScoreModel(long seed, NoiseSchedule noise, MlpOptions? options = null)
        : this(seed, noise, options, dataScale: 1)
    {
    }

    /// <summary>Creates a network whose initial parameters are drawn from a generator made from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed of the initialisation.</param>
    /// <param name="noise">The noise levels the model is trained over.</param>
    /// <param name="options">The architecture (its dimension d is that of the data); <see langword="null"/> for the defaults of <see cref="MlpOptions"/>.</param>
    /// <param name="dataScale">
    /// The data's scale s: the typical standard deviation of a coordinate of the samples (<see cref="DataScaleOf"/>
    /// computes one); finite and positive. A model must be made with the same scale to take back saved parameters.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="noise"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dataScale"/> is not finite and positive.</exception>
    public NoiseConditionalScoreModel(long seed, NoiseSchedule noise, MlpOptions? options, double dataScale)
    {
        ArgumentNullException.ThrowIfNull(noise);
        Guard.ThrowIfNotFinitePositive(dataScale, nameof(dataScale));
        DataScale = dataScale;
        using var gate = TorchGate.Enter();
        Options = options ?? new MlpOptions();
        Options.Validate();
        Noise = noise;
        using var generator = new Generator(unchecked((ulong)seed));
        _network = DenseLayer.Stack(Options.Dimension + 1, Options.Dimension, Options, generator);
        _named = _network.named_parameters().Select(p => (p.name, p.parameter)).ToArray();
        _parameters = _named.Select(p => p.Parameter).ToArray();
    }

    /// <summary>
    /// The data scale s that suits <paramref name="samples"/>: the root mean square distance of their coordinates from
    /// the coordinates' means, √((1/d) Σᵢ (1/N) Σₙ (xₙᵢ − x̄ᵢ)²).
    /// </summary>
    /// <param name="samples">The samples, one per row of an [N, d] array: at least one, all finite.</param>
    /// <returns>The scale; 1, the default scale, when the samples do not spread at all.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    /// <exception cref="ArgumentException">No samples, a value that is not finite, or a spread beyond what a double holds.</exception>
    public static double DataScaleOf(double[,] samples)
    {
        Guard.ThrowIfBadPoints(samples, nameof(samples));
        var (count, dimension) = (samples.GetLength(0), samples.GetLength(1));
        var sum = 0.0;
        for (var i = 0; i < dimension; i++)
        {
            var mean = 0.0;
            for (var n = 0; n < count; n++)
            {
                mean += samples[n, i] / count;
            }

            for (var n = 0; n < count; n++)
            {
                sum += (samples[n, i] - mean) * (samples[n, i] - mean) / count;
            }
        }

        var scale = Math.Sqrt(sum / dimension);
        if (double.IsInfinity(scale))
        {
            throw new ArgumentException("The samples spread further than a double holds; rescale them first.", nameof(samples));
        }

        return scale > 0 ? scale : 1;
    }

    /// <summary>Gets the architecture.</summary>
    public MlpOptions Options { get; }

    /// <summary>Gets the data's scale s, by which the network's inputs are divided with the noise level: x / √(σ² + s²).</summary>
    public double DataScale { get; }

    /// <inheritdoc />
    public NoiseSchedule Noise { get; }

    /// <inheritdoc />
    public int Dimension => Options.Dimension;

    /// <inheritdoc />
    public ScalarType DType => Options.DType;

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public Device Device
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _parameters[0].device;
        }
    }

    /// <summary>Evaluates the score at the smallest noise level, ψ(x, σ_L).</summary>
    /// <param name="x">The points, [N, d] (or [N] when d = 1), of the model's dtype and device; not disposed.</param>
    /// <returns>A new tensor of the shape of <paramref name="x"/>, owned by the caller.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is of another shape, dtype or device.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public Tensor Score(Tensor x)
    {
        using var gate = TorchGate.Enter();
        ObjectDisposedException.ThrowIf(_disposed, this);
        ScoreInput.ThrowIfInvalid(x, DType, Device, Dimension, "model");
        using var scope = NewDisposeScope();
        var sigma = full(x.size(0), Noise.Smallest, DType, Device);
        return Evaluate(x, sigma).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A tensor is of another shape, dtype or device.</exception>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    public Tensor Score(Tensor x, Tensor sigma)
    {
        using var gate = TorchGate.Enter();
        ObjectDisposedException.ThrowIf(_disposed, this);
        ScoreInput.ThrowIfInvalid(x, DType, Device, Dimension, "model");
        ArgumentNullException.ThrowIfNull(sigma);
        if (sigma.numel() != x.size(0) || sigma.dim() > 2 || (sigma.dim() == 2 && sigma.size(1) != 1) || sigma.dtype != DType || sigma.device_type != Device.type)
        {
            throw new ArgumentException($"The levels must be one per point, [{x.size(0)}] or [{x.size(0)}, 1], {DType} on {Device}; got {sigma.dtype} [{string.Join(", ", sigma.shape)}] on {sigma.device}.", nameof(sigma));
        }

        using var scope = NewDisposeScope();
        return Evaluate(x, sigma).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _named;
    }

    /// <summary>Releases the network's parameters. Calling it again does nothing.</summary>
    public void Dispose()
    {
        using var gate = TorchGate.Enter();
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _network.Dispose();
    }

    /// <summary>f([x / √(σ² + s²), log σ]) / σ, in the shape of <paramref name="x"/>.</summary>
    private Tensor Evaluate(Tensor x, Tensor sigma)
    {
        var points = x.dim() == 1 ? x.unsqueeze(1) : x;
        var level = sigma.reshape(-1, 1);
        var scale = (level.square() + (DataScale * DataScale)).rsqrt();
        var scores = _network.call(cat([points * scale, level.log()], 1)) / level;
        return x.dim() == 1 ? scores.squeeze(1) : scores;
    }
}
