using FiniteDifferenceScoreMatching.Losses;
using FiniteDifferenceScoreMatching.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training.Engines;

/// <summary>
/// Training with TorchSharp: the loss's forward pass, autograd and the trainer's optimizer, on whatever device the
/// model is on. Every update runs in a dispose scope of its own, so native memory does not grow with the epochs.
/// </summary>
/// <remarks>
/// The state lives in the tensors all along: <see cref="Publish"/> and <see cref="Refresh"/> have nothing to do. The
/// members' losses are summed for the backward pass (members share no parameter, so each gets its own gradient); a
/// member whose loss is not finite is left out of the sum, and after the optimizer's step every member that is frozen,
/// or whose parameters stopped being finite, gets back the parameters it had before the step.
/// </remarks>
internal sealed class TorchSharpEngine(IScoreModel model, ScoreLoss loss, optim.Optimizer optimizer, Parameter[] parameters, MemberParameters beforeStep, Generator generator)
    : ITrainingEngine
{
    private readonly int _members = model.Members;

    /// <inheritdoc />
    public ScoreLoss Loss => loss;

    /// <inheritdoc />
    public bool UsesTorchSharp => true;

    /// <inheritdoc />
    public void RunEpoch(EpochPlan plan, double[] values, bool[] frozen)
    {
        if (!plan.Batched)
        {
            Step(null, values, frozen);
            return;
        }

        var totals = new double[_members];
        var batchValues = new double[_members];
        plan.ForEachBatch((start, size) =>
        {
            if (frozen.All(f => f))
            {
                return;
            }

            using var batch = plan.Order.narrow(0, start, size);
            Step(batch, batchValues, frozen);
            for (var k = 0; k < _members; k++)
            {
                totals[k] += batchValues[k] * size;
            }
        });
        for (var k = 0; k < _members; k++)
        {
            values[k] = frozen[k] ? double.NaN : totals[k] / plan.Count;
        }
    }

    /// <inheritdoc />
    public void Evaluate(double[] values)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        ToManaged(loss.ComputeEach(new LossContext(model)), values);
    }

    /// <inheritdoc />
    public void Publish()
    {
    }

    /// <inheritdoc />
    public void Refresh()
    {
    }

    /// <summary>One update on the batch (all the samples when null); member k's loss before it goes to <paramref name="values"/>[k].</summary>
    private void Step(Tensor? batch, double[] values, bool[] frozen)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var each = loss.ComputeEach(new LossContext(model, generator, batch));
        ToManaged(each, values);
        var active = new bool[_members];
        for (var k = 0; k < _members; k++)
        {
            frozen[k] |= !double.IsFinite(values[k]);
            active[k] = !frozen[k];
            values[k] = active[k] ? values[k] : double.NaN;
        }

        if (!active.Contains(true))
        {
            return;
        }

        var objective = active.Contains(false) ? where(tensor(active, device: each.device), each, zeros_like(each)).sum() : each.sum();
        objective.backward();
        beforeStep.CaptureAll();
        optimizer.step();
        var finite = MembersFinite();
        for (var k = 0; k < _members; k++)
        {
            if (active[k] && !finite[k])
            {
                (frozen[k], values[k]) = (true, double.NaN);
            }

            if (frozen[k])
            {
                beforeStep.RestoreInto(k);
            }
        }
    }

    /// <summary>For each member, whether all its parameters are finite: one pass over them all, one transfer.</summary>
    private bool[] MembersFinite()
    {
        using var scope = NewDisposeScope();
        var all = cat(parameters.Select(p => p.detach().reshape(_members, -1)).ToArray(), 1);
        return all.isfinite().all(1).cpu().data<bool>().ToArray();
    }

    private static void ToManaged(Tensor each, double[] values)
    {
        using var onCpu = each.detach().to(ScalarType.Float64, CPU);
        onCpu.data<double>().CopyTo(values, 0);
    }
}
