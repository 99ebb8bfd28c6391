using FiniteDifferenceScoreMatching.Training;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training;

/// <summary>The checkpoint reader's fields one at a time: their encodings, their ranges, and the messages that name them.</summary>
public sealed class CheckpointReaderTests
{
    private static CheckpointReader Reader(params byte[] bytes) => new([0xEE, .. bytes, 0xEE], 1, bytes.Length);

    [Fact]
    public void Fields_AreReadInOrder_AndTheEndIsChecked()
    {
        var reader = Reader([1, 0, 2, 0, 0, 0, 0x80, 0x01, 3, (byte)'a', (byte)'b', (byte)'c', 9]);

        reader.ReadBoolean("flag").Should().BeTrue();
        reader.ReadBoolean("other flag").Should().BeFalse();
        reader.ReadCount("count", 2).Should().Be(2);
        reader.ReadLeb128("size", 128).Should().Be(128, "0x80 0x01 is 128 in LEB128");
        reader.ReadString("name").Should().Be("abc");
        reader.Remaining.Should().Be(1);
        ((Action)(() => reader.ThrowIfNotAtEnd("The state"))).Should().Throw<InvalidDataException>().WithMessage("The state has 1 bytes after its last field.");
        reader.ReadBytes(1, "tail").Should().Equal(9);
        ((Action)(() => reader.ThrowIfNotAtEnd("The state"))).Should().NotThrow();
        ((Action)(() => reader.ReadDouble("rate"))).Should().Throw<InvalidDataException>().WithMessage("The rate needs 8 bytes, but only 0 are left.");
    }

    [Fact]
    public void ReadBoolean_OtherThanZeroOrOne_Throws()
    {
        ((Action)(() => Reader(2).ReadBoolean("flag"))).Should().Throw<InvalidDataException>().WithMessage("The flag should be a boolean, 0 or 1, but is 2.");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void ReadCount_OutsideItsRange_Throws(int count)
    {
        ((Action)(() => Reader(BitConverter.GetBytes(count)).ReadCount("count", 2))).Should().Throw<InvalidDataException>().WithMessage($"The count is {count}, outside [0, 2].");
    }

    [Fact]
    public void ReadCount_AtZero_IsZero()
    {
        Reader(0, 0, 0, 0).ReadCount("count", 2).Should().Be(0);
    }

    [Fact]
    public void ReadLeb128_LongValues_AndTheirLimits()
    {
        Reader(0xFF, 0xFF, 0x03).ReadLeb128("size", 65535).Should().Be(65535);
        Reader(0x81, 0x01).ReadLeb128("size", 129).Should().Be(129, "the second byte's bits go above the first's");
        ((Action)(() => Reader(0x82, 0x01).ReadLeb128("size", 129))).Should().Throw<InvalidDataException>().WithMessage("The size is 130, more than 129.");
        ((Action)(() => Reader([.. Enumerable.Repeat((byte)0x80, 9), 0]).ReadLeb128("size", long.MaxValue))).Should().Throw<InvalidDataException>()
            .WithMessage("The size is encoded in more than nine bytes.");
    }

    [Fact]
    public void ReadString_LengthOfTwoBytes_AndBadStrings()
    {
        var long200 = Enumerable.Repeat((byte)'x', 200).ToArray();
        Reader([0xC8, 0x01, .. long200]).ReadString("name").Should().HaveLength(200);
        ((Action)(() => Reader(2, 0xC3, 0x28).ReadString("name"))).Should().Throw<InvalidDataException>().WithMessage("The name is not valid UTF-8.");
        ((Action)(() => Reader(0x81, 0x40).ReadString("name"))).Should().Throw<InvalidDataException>().WithMessage("The name is 8193 bytes long, more than 4096.");
        ((Action)(() => Reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x01).ReadString("name"))).Should().Throw<InvalidDataException>().WithMessage("The length of the name is badly encoded.");
        ((Action)(() => Reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).ReadString("name"))).Should().Throw<InvalidDataException>().WithMessage("The name is -1 bytes long, more than 4096.");
    }

    [Fact]
    public void ReadString_EmptyAndLongest_AreRead_AndReadBytesOfNone_IsEmpty()
    {
        var longest = Enumerable.Repeat((byte)'y', CheckpointReader.MaxStringBytes).ToArray();

        Reader(0).ReadString("name").Should().BeEmpty();
        Reader([0x80, 0x20, .. longest]).ReadString("name").Should().HaveLength(CheckpointReader.MaxStringBytes);
        Reader().ReadBytes(0, "nothing").Should().BeEmpty();
    }

    [Theory]
    [InlineData(new byte[] { 6 }, "The rank of the moment needs 1 bytes*")]
    [InlineData(new byte[] { 6, 2, 1 }, "The size 1 of the moment needs 1 bytes*")]
    public void ReadTensor_CutShort_NamesThePartItEndsIn(byte[] bytes, string message)
    {
        ((Action)(() => Reader(bytes).ReadTensor("moment", ScalarType.Float32, [1, 2]))).Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void ReadTensor_ChecksDtypeRankSizesAndValues_AndGivesWhereItLies()
    {
        // dtype 6 (float32), rank 2, sizes 1 and 2, then two floats.
        byte[] Tensor(float a, float b) => [6, 2, 1, 2, .. BitConverter.GetBytes(a), .. BitConverter.GetBytes(b)];
        var shape = new long[] { 1, 2 };

        Reader([7, .. Tensor(1, -2)]).Invoking(r => r.ReadBoolean("skip")).Should().Throw<InvalidDataException>();
        var reader = Reader([0, .. Tensor(1, -2)]);
        reader.ReadBoolean("skip");
        reader.ReadTensor("moment", ScalarType.Float32, shape).Should().Be((2, 12), "the tensor starts after the first byte and spans 4 + 8 bytes");

        ((Action)(() => Reader(Tensor(1, 2)).ReadTensor("moment", ScalarType.Float64, shape))).Should().Throw<InvalidDataException>().WithMessage("The moment is of dtype Float32, not Float64.");
        ((Action)(() => Reader(Tensor(1, 2)).ReadTensor("moment", ScalarType.Float32, [2]))).Should().Throw<InvalidDataException>().WithMessage("The moment has 2 dimensions, not 1.");
        ((Action)(() => Reader(Tensor(1, 2)).ReadTensor("moment", ScalarType.Float32, [1, 3]))).Should().Throw<InvalidDataException>().WithMessage("The moment has size 2 in dimension 1, not 3.");
        ((Action)(() => Reader(Tensor(1, float.NaN)).ReadTensor("moment", ScalarType.Float32, shape))).Should().Throw<InvalidDataException>().WithMessage("Element 1 of the moment is NaN, which a trained moment cannot hold.");
        ((Action)(() => Reader(Tensor(1, -2)).ReadTensor("moment", ScalarType.Float32, shape, nonNegative: true))).Should().Throw<InvalidDataException>().WithMessage("Element 1 of the moment is -2*");
        ((Action)(() => Reader(Tensor(1, 2)[..^1]).ReadTensor("moment", ScalarType.Float32, shape))).Should().Throw<InvalidDataException>().WithMessage("The moment needs 8 bytes, but only 7 are left.");
        ((Action)(() => Reader(6, 2, 1, 2).ReadTensor("moment", ScalarType.Int32, shape))).Should().Throw<InvalidDataException>().WithMessage("The moment is of dtype Float32, not Int32.");
        ((Action)(() => Reader(3, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0).ReadTensor("moment", ScalarType.Int32, [2]))).Should().Throw<InvalidDataException>().WithMessage("A parameter of dtype Int32 cannot be restored*");
    }

    [Fact]
    public void DataLength_IsTheElementsTimesTheirSize_AndOverflowIsCaught()
    {
        CheckpointReader.DataLength(ScalarType.Float64, [3, 4]).Should().Be(96);
        CheckpointReader.DataLength(ScalarType.BFloat16, [5]).Should().Be(10);
        ((Action)(() => CheckpointReader.DataLength(ScalarType.Float64, [long.MaxValue / 4, 4]))).Should().Throw<OverflowException>();
        ((Action)(() => CheckpointReader.DataLength(ScalarType.Float64, [long.MaxValue / 4]))).Should().Throw<OverflowException>();
    }
}
