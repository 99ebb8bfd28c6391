using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// The one place where a trainer's engine is chosen: for each loss, the fused engine when it applies, TorchSharp
/// otherwise; kept for the last few losses, so that their setup is made once. It also tracks which engine holds state
/// newer than the tensors, so that every boundary publishes it and the next step reads back what changed.
/// </summary>
internal sealed class EngineSelector(IScoreModel model, TrainerOptions options, optim.Optimizer optimizer, Parameter[] parameters, MemberParameters beforeStep, Generator generator)
{
    private const int Kept = 4;
    private readonly List<(ScoreLoss Loss, bool Batched, ITrainingEngine Engine)> _engines = [];
    private ITrainingEngine? _live;

    /// <summary>
    /// The engine for <paramref name="loss"/>, ready to run: the engine that was running before it has published its
    /// state, and this one has read it.
    /// </summary>
    public ITrainingEngine Take(ScoreLoss loss, bool batched)
    {
        var engine = For(loss, batched);
        if (!ReferenceEquals(engine, _live))
        {
            Publish();
            engine.Refresh();
            _live = engine;
        }

        return engine;
    }

    /// <summary>Each member's loss under <paramref name="loss"/> at the current parameters, without changing them.</summary>
    public double[] Evaluate(ScoreLoss loss)
    {
        var values = new double[model.Members];
        Take(loss, batched: false).Evaluate(values);
        return values;
    }

    /// <summary>Writes the running engine's state into the tensors, which are the truth again until the next <see cref="Take"/>.</summary>
    public void Publish()
    {
        _live?.Publish();
        _live = null;
    }

    private ITrainingEngine For(ScoreLoss loss, bool batched)
    {
        loss.ThrowIfDisposed();
        foreach (var entry in _engines)
        {
            if (ReferenceEquals(entry.Loss, loss) && entry.Batched == batched)
            {
                return entry.Engine;
            }
        }

        if (_engines.Count == Kept)
        {
            _engines.RemoveAt(0);
        }

        var engine = (ITrainingEngine?)FusedEngine.TryCreate(model, loss, options, optimizer, parameters, generator, batched)
            ?? new TorchSharpEngine(model, loss, optimizer, parameters, beforeStep, generator);
        _engines.Add((loss, batched, engine));
        return engine;
    }
}
