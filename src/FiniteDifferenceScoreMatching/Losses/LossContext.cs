using FiniteDifferenceScoreMatching.Models;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Losses;

/// <summary>
/// What one evaluation of a <see cref="ScoreLoss"/> works on: the model (one network, or an ensemble of K members), the
/// samples of this step (all, or a mini-batch of them), and the generator that a step's randomness (directions,
/// noise) is drawn from.
/// </summary>
/// <remarks>
/// <para>
/// A loss written against the context works unchanged full batch, in mini-batches and on ensembles: it takes its
/// samples through <see cref="Select"/>, scores points through <see cref="Score"/>, which always gives [K, M, d], and
/// reduces over points and coordinates (the last two dimensions), leaving one value per member.
/// </para>
/// <para>
/// The context holds references only: it owns none of the model, the batch or the generator, and needs no disposal.
/// </para>
/// </remarks>
public sealed class LossContext
{
    /// <summary>Creates the context of one evaluation.</summary>
    /// <param name="model">The model the loss evaluates; not disposed.</param>
    /// <param name="generator">
    /// The random source of the step, on the model's device; <see langword="null"/> to let the loss use its own
    /// (seeded 0, made on first use). It is advanced, not disposed.
    /// </param>
    /// <param name="batch">
    /// The indices of the samples of this step, a non-empty 1-D int64 tensor on the model's device;
    /// <see langword="null"/> for all the samples. Not disposed.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="batch"/> is not a non-empty 1-D int64 tensor.</exception>
    public LossContext(IScoreModel model, Generator? generator = null, Tensor? batch = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (batch is not null && (batch.dim() != 1 || batch.dtype != ScalarType.Int64 || batch.size(0) == 0))
        {
            throw new ArgumentException($"The batch must be a non-empty 1-D Int64 tensor of sample indices, not {batch.dtype} of shape [{string.Join(", ", batch.shape)}].", nameof(batch));
        }

        Model = model;
        Generator = generator;
        Batch = batch;
    }

    /// <summary>Gets the model being evaluated.</summary>
    public IScoreModel Model { get; }

    /// <summary>Gets the number of members K whose losses the evaluation returns: 1 for a single network.</summary>
    public int Members => Model.Members;

    /// <summary>Gets the indices of the samples of this step, or <see langword="null"/> for all of them.</summary>
    public Tensor? Batch { get; }

    /// <summary>Gets the random source of the step, or <see langword="null"/> when the loss is to use its own.</summary>
    public Generator? Generator { get; }

    /// <summary>Gets the model's element type.</summary>
    public ScalarType DType => Model.DType;

    /// <summary>Gets the model's device.</summary>
    public Device Device => Model.Device;

    /// <summary>Gets the samples of this step: the rows of <paramref name="samples"/> at <see cref="Batch"/>, or all of them.</summary>
    /// <param name="samples">Every sample of the loss, one per row; not disposed.</param>
    /// <returns>The rows of the step: <paramref name="samples"/> itself for the full batch (do not modify it), otherwise a new tensor in the caller's dispose scope.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    public Tensor Select(Tensor samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return Batch is null ? samples : samples.index_select(0, Batch);
    }

    /// <summary>Scores <paramref name="points"/> with every member of the model.</summary>
    /// <param name="points">The points, [M, d], of the model's dtype and device; not disposed.</param>
    /// <returns>A new [K, M, d] tensor, member k's scores at slice k, connected to the autograd graph; in the caller's dispose scope.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The model returned scores of another shape.</exception>
    public Tensor Score(Tensor points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var scores = Model.Score(points);
        var shape = scores.shape;
        if (Members == 1 && shape.SequenceEqual(points.shape))
        {
            return scores.unsqueeze(0);
        }

        if (shape.Length == points.dim() + 1 && shape[0] == Members && shape.Skip(1).SequenceEqual(points.shape))
        {
            return scores;
        }

        throw new InvalidOperationException($"The model of {Members} member(s) scored points of shape [{string.Join(", ", points.shape)}] as [{string.Join(", ", shape)}].");
    }
}
