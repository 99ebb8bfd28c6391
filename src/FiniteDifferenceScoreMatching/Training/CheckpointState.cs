using System.Buffers.Binary;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// Checks of the optimizer's and the trainer's generator's state in a checkpoint against the trainer that resumes it,
/// made before either reaches libtorch, which would abort the process on some malformed states.
/// </summary>
internal static class CheckpointState
{
    /// <summary>The size of libtorch's CPU generator state whose layout <see cref="ThrowIfBadGeneratorState"/> knows.</summary>
    private const int GeneratorStateLength = 5056;

    /// <summary>The number of words of the Mersenne Twister's state.</summary>
    private const int TwisterWords = 624;

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> unless <paramref name="saved"/> is a state <paramref name="optimizer"/>
    /// can take. For Adam every field is checked: the group and state counts against the optimizer's own, the
    /// hyperparameters' ranges, the step counts, and each moment's dtype, shape and values against its parameter's.
    /// For other optimizers the saved state must have the name and the length of the optimizer's own.
    /// </summary>
    public static void ThrowIfBadOptimizerState(byte[] saved, optim.Optimizer optimizer, Parameter[] parameters)
    {
        byte[] template;
        using (var buffer = new MemoryStream())
        {
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                Checkpoint.SavableState(optimizer).save_state_dict(writer);
            }

            template = buffer.ToArray();
        }

        var reader = new CheckpointReader(saved, 0, saved.Length);
        var expected = new CheckpointReader(template, 0, template.Length);
        var name = reader.ReadString("optimizer name");
        if (name != expected.ReadString("optimizer name"))
        {
            throw new InvalidDataException($"The optimizer state is that of {name}, not of {optimizer.GetType().Name}.");
        }

        if (optimizer is not Adam)
        {
            if (saved.Length != template.Length)
            {
                throw new InvalidDataException($"The {name} state is {saved.Length} bytes long; the optimizer's own is {template.Length}.");
            }

            return;
        }

        var groups = reader.ReadLeb128("optimizer group count", int.MaxValue);
        var states = reader.ReadLeb128("optimizer state count", int.MaxValue);
        var expectedGroups = expected.ReadLeb128("optimizer group count", int.MaxValue);
        var expectedStates = expected.ReadLeb128("optimizer state count", int.MaxValue);
        if (groups != expectedGroups || states != expectedStates || states != parameters.Length)
        {
            throw new InvalidDataException($"The Adam state has {groups} group(s) and {states} parameter state(s); the optimizer has {expectedGroups} and {expectedStates}.");
        }

        for (var g = 0; g < groups; g++)
        {
            var initialRate = reader.ReadDouble("initial learning rate");
            var rate = reader.ReadDouble("learning rate");
            var beta1 = reader.ReadDouble("β₁");
            var beta2 = reader.ReadDouble("β₂");
            var epsilon = reader.ReadDouble("ε");
            var weightDecay = reader.ReadDouble("weight decay");
            _ = reader.ReadBoolean("AMSGrad flag");
            _ = reader.ReadBoolean("maximize flag");
            var largest = FloatingRange.Largest(parameters[0].dtype);
            if (!(initialRate >= 0 && initialRate <= largest && rate > 0 && rate <= largest && beta1 is >= 0 and < 1 && beta2 is >= 0 and < 1 && epsilon > 0 && epsilon <= largest && weightDecay >= 0 && weightDecay <= largest))
            {
                throw new InvalidDataException($"Adam's hyperparameters are out of range: learning rates {initialRate} and {rate}, β {beta1} and {beta2}, ε {epsilon}, weight decay {weightDecay}.");
            }
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            var step = reader.ReadInt64($"step count of parameter {i}");
            if (step < 0)
            {
                throw new InvalidDataException($"The step count of parameter {i} is {step}.");
            }

            var (dtype, shape) = (parameters[i].dtype, parameters[i].shape);
            _ = reader.ReadTensor($"first moment of parameter {i}", dtype, shape);
            _ = reader.ReadTensor($"second moment of parameter {i}", dtype, shape, nonNegative: true);
            if (reader.ReadBoolean($"AMSGrad flag of parameter {i}"))
            {
                _ = reader.ReadTensor($"largest second moment of parameter {i}", dtype, shape, nonNegative: true);
            }
        }

        reader.ThrowIfNotAtEnd("The Adam state");
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> unless <paramref name="saved"/> has the length of
    /// <paramref name="generator"/>'s own state and, for the CPU generator's layout, fields a generator can have: the
    /// seeded flag, the twister's position, its 32-bit words, and the cached normal sample's flags.
    /// </summary>
    public static void ThrowIfBadGeneratorState(byte[] saved, Generator generator)
    {
        using var own = generator.get_state();
        var length = own.NumberOfElements;
        if (saved.Length != length)
        {
            throw new InvalidDataException($"The trainer's generator's state is {saved.Length} bytes long; the generator's own is {length}.");
        }

        if (saved.Length != GeneratorStateLength)
        {
            return;
        }

        var span = saved.AsSpan();
        var left = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        var seeded = BinaryPrimitives.ReadInt32LittleEndian(span[12..]);
        var next = BinaryPrimitives.ReadUInt64LittleEndian(span[16..]);
        var wordsFit = true;
        for (var i = 0; i < TwisterWords && wordsFit; i++)
        {
            wordsFit = BinaryPrimitives.ReadUInt64LittleEndian(span[(24 + (8 * i))..]) <= uint.MaxValue;
        }

        var normalValid = BinaryPrimitives.ReadInt32LittleEndian(span[5040..]);
        var floatNormalValid = span[5052];
        if (left < 1 || left > TwisterWords + 1 || seeded is not (0 or 1) || next >= TwisterWords || !wordsFit || normalValid is not (0 or 1) || floatNormalValid > 1)
        {
            throw new InvalidDataException($"The trainer's generator's state is not one a generator can be in (position {left}, next {next}, seeded {seeded}).");
        }
    }
}
