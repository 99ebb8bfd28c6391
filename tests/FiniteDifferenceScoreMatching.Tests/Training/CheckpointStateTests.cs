using System.Buffers.Binary;
using System.Text;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training;

/// <summary>
/// The checks of a checkpoint's optimizer and generator states, field by field: an Adam state saved after one step, and
/// a generator's state, each changed in one field.
/// </summary>
public sealed class CheckpointStateTests : IDisposable
{
    private readonly MlpScoreModel _model = new(1, new MlpOptions { HiddenWidths = [8] });
    private readonly Parameter[] _parameters;
    private readonly optim.Optimizer _adam;
    private readonly byte[] _state;

    /// <summary>The offset of the first group's hyperparameters: six doubles (initial and current learning rate, β₁, β₂, ε, weight decay), two flags.</summary>
    private readonly int _group;

    public CheckpointStateTests()
    {
        _parameters = _model.NamedParameters().Select(p => p.Parameter).ToArray();
        _adam = optim.Adam(_parameters, lr: 0.03);
        using (NewDisposeScope())
        {
            using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(64));
            loss.Compute(_model).backward();
            _adam.step();
        }

        _state = SavedState(_adam);
        _group = _state.AsSpan().IndexOf(BitConverter.GetBytes(0.9)) - 16;
    }

    public void Dispose()
    {
        _adam.Dispose();
        _model.Dispose();
    }

    [Fact]
    public void AdamState_AsSaved_IsAccepted_AndLaidOutAsTheTestsExpect()
    {
        BinaryPrimitives.ReadDoubleLittleEndian(_state.AsSpan(_group)).Should().Be(0.03);
        BinaryPrimitives.ReadDoubleLittleEndian(_state.AsSpan(_group + 24)).Should().Be(0.999);
        BinaryPrimitives.ReadInt64LittleEndian(_state.AsSpan(_group + 50)).Should().Be(1, "the step count of the first parameter follows the flags");
        _state[_group - 2].Should().Be(1, "one group");
        _state[_group - 1].Should().Be(4, "a state for each of the four parameters");

        Check(_state).Should().NotThrow();
    }

    [Theory]
    [InlineData(0, -1.0)]
    [InlineData(0, double.PositiveInfinity)]
    [InlineData(8, 0.0)]
    [InlineData(8, double.PositiveInfinity)]
    [InlineData(16, 1.0)]
    [InlineData(16, -0.1)]
    [InlineData(24, 1.0)]
    [InlineData(24, -0.1)]
    [InlineData(32, 0.0)]
    [InlineData(32, double.PositiveInfinity)]
    [InlineData(40, -1.0)]
    [InlineData(40, double.PositiveInfinity)]
    [InlineData(40, double.NaN)]
    public void AdamState_HyperparameterOutOfRange_IsRejected(int field, double value)
    {
        var state = WithDouble(_group + field, value);

        Check(state).Should().Throw<InvalidDataException>().WithMessage("Adam's hyperparameters are out of range*");
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(0, float.MaxValue)]
    [InlineData(8, float.MaxValue)]
    [InlineData(16, 0.0)]
    [InlineData(24, 0.0)]
    [InlineData(32, float.MaxValue)]
    [InlineData(40, 0.0)]
    [InlineData(40, float.MaxValue)]
    public void AdamState_HyperparameterAtTheEndOfItsRange_IsAccepted(int field, double value)
    {
        var state = WithDouble(_group + field, value);

        Check(state).Should().NotThrow("float32 parameters hold any learning rate, ε and weight decay up to float32's largest");
    }

    [Theory]
    [InlineData(-2, 2, "*2 group(s) and 4 parameter state(s)*")]
    [InlineData(-1, 3, "*1 group(s) and 3 parameter state(s)*")]
    public void AdamState_OtherCounts_AreRejected(int field, byte value, string message)
    {
        var state = (byte[])_state.Clone();
        state[_group + field] = value;

        Check(state).Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void AdamState_NegativeStepCount_IsRejected()
    {
        var state = (byte[])_state.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(_group + 50), -1);

        Check(state).Should().Throw<InvalidDataException>().WithMessage("The step count of parameter 0 is -1.");
    }

    [Fact]
    public void AdamState_WithABytePastItsEnd_IsRejected()
    {
        Check([.. _state, 0]).Should().Throw<InvalidDataException>().WithMessage("The Adam state has 1 bytes after its last field.");
    }

    [Theory]
    [InlineData(-2, "The optimizer group count *")]
    [InlineData(-1, "The optimizer state count *")]
    [InlineData(0, "The initial learning rate needs 8 bytes*")]
    [InlineData(8, "The learning rate needs 8 bytes*")]
    [InlineData(16, "The β₁ needs 8 bytes*")]
    [InlineData(24, "The β₂ needs 8 bytes*")]
    [InlineData(32, "The ε needs 8 bytes*")]
    [InlineData(40, "The weight decay needs 8 bytes*")]
    [InlineData(48, "The AMSGrad flag needs 1 bytes*")]
    [InlineData(49, "The maximize flag needs 1 bytes*")]
    [InlineData(50, "The step count of parameter 0 needs 8 bytes*")]
    [InlineData(58, "*first moment of parameter 0*")]
    public void AdamState_CutShort_NamesTheFieldItEndsIn(int field, string message)
    {
        Check(_state[..(_group + field)]).Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void AdamState_SecondMomentNegative_IsRejected()
    {
        // The last parameter's second moment is the state's last tensor, followed by its AMSGrad flag: its last element
        // (float32) ends five bytes before the end.
        var state = (byte[])_state.Clone();
        BinaryPrimitives.WriteSingleLittleEndian(state.AsSpan(state.Length - 5), -1f);

        Check(state).Should().Throw<InvalidDataException>().WithMessage("*second moment of parameter 3*");
    }

    [Fact]
    public void OptimizerState_OfAnotherOptimizer_IsRejected()
    {
        using var sgd = optim.SGD(_parameters, 0.1);
        var state = (byte[])_state.Clone();
        var name = Encoding.UTF8.GetBytes("Adam");
        state.AsSpan().IndexOf(name).Should().Be(1, "the state starts with its optimizer's name");

        ((Action)(() => CheckpointState.ThrowIfBadOptimizerState(_state, sgd, _parameters))).Should().Throw<InvalidDataException>()
            .WithMessage("The optimizer state is that of Adam, not of SGD.");
    }

    [Fact]
    public void OptimizerState_OfAnotherOptimizerThanAdam_IsCheckedByItsLength()
    {
        using var sgd = optim.SGD(_parameters, 0.1);
        var own = SavedState(sgd);

        ((Action)(() => CheckpointState.ThrowIfBadOptimizerState(own, sgd, _parameters))).Should().NotThrow();
        ((Action)(() => CheckpointState.ThrowIfBadOptimizerState([.. own, 0], sgd, _parameters))).Should().Throw<InvalidDataException>()
            .WithMessage($"The SGD state is {own.Length + 1} bytes long; the optimizer's own is {own.Length}.");
    }

    [Fact]
    public void GeneratorState_AsSaved_IsAccepted()
    {
        using var generator = new Generator(5);
        var state = GeneratorState(generator);

        ((Action)(() => CheckpointState.ThrowIfBadGeneratorState(state, generator))).Should().NotThrow();
    }

    [Theory]
    [InlineData(8, 4, 1L)]
    [InlineData(8, 4, 624L)]
    [InlineData(8, 4, 625L)]
    [InlineData(12, 4, 0L)]
    [InlineData(16, 8, 623L)]
    [InlineData(24, 8, uint.MaxValue)]
    [InlineData(24 + (8 * 623), 8, uint.MaxValue)]
    [InlineData(5040, 4, 1L)]
    [InlineData(5052, 1, 1L)]
    public void GeneratorState_FieldsAtTheEndsOfTheirRanges_AreAccepted(int offset, int size, long value)
    {
        using var generator = new Generator(5);
        var state = With(GeneratorState(generator), offset, size, value);

        ((Action)(() => CheckpointState.ThrowIfBadGeneratorState(state, generator))).Should().NotThrow();
    }

    [Theory]
    [InlineData(8, 4, 0L)]
    [InlineData(8, 4, 626L)]
    [InlineData(12, 4, 2L)]
    [InlineData(16, 8, 624L)]
    [InlineData(24, 8, 1L + uint.MaxValue)]
    [InlineData(24 + (8 * 623), 8, 1L + uint.MaxValue)]
    [InlineData(5040, 4, 2L)]
    [InlineData(5052, 1, 2L)]
    public void GeneratorState_FieldOutOfItsRange_IsRejected(int offset, int size, long value)
    {
        using var generator = new Generator(5);
        var state = With(GeneratorState(generator), offset, size, value);

        ((Action)(() => CheckpointState.ThrowIfBadGeneratorState(state, generator))).Should().Throw<InvalidDataException>()
            .WithMessage("The trainer's generator's state is not one a generator can be in (position *, next *, seeded *).");
    }

    private static byte[] SavedState(optim.Optimizer optimizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            Checkpoint.SavableState(optimizer).save_state_dict(writer);
        }

        return buffer.ToArray();
    }

    private static byte[] GeneratorState(Generator generator)
    {
        using var state = generator.get_state();
        return state.data<byte>().ToArray();
    }

    private static byte[] With(byte[] bytes, int offset, int size, long value)
    {
        var span = bytes.AsSpan(offset, size);
        switch (size)
        {
            case 1:
                span[0] = (byte)value;
                break;
            case 4:
                BinaryPrimitives.WriteInt32LittleEndian(span, (int)value);
                break;
            default:
                BinaryPrimitives.WriteInt64LittleEndian(span, value);
                break;
        }

        return bytes;
    }

    private byte[] WithDouble(int offset, double value)
    {
        var state = (byte[])_state.Clone();
        BinaryPrimitives.WriteDoubleLittleEndian(state.AsSpan(offset), value);
        return state;
    }

    private Action Check(byte[] state) => () => CheckpointState.ThrowIfBadOptimizerState(state, _adam, _parameters);
}
