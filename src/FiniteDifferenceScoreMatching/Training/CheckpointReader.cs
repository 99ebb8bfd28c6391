using System.Buffers.Binary;
using System.Text;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// Reads the fields of a checkpoint's payload with every length, count, dtype and shape checked against what is left
/// and what is allowed before anything is allocated, so that no crafted value reaches libtorch or an allocation. Every
/// failure is an <see cref="InvalidDataException"/> that says which field is wrong.
/// </summary>
internal sealed class CheckpointReader
{
    /// <summary>The most dimensions a saved tensor may have.</summary>
    public const int MaxRank = 8;

    /// <summary>The longest name or type string a checkpoint may hold, in bytes.</summary>
    public const int MaxStringBytes = 4096;

    private readonly byte[] _bytes;
    private readonly int _end;
    private int _position;

    /// <summary>Reads <paramref name="length"/> bytes of <paramref name="bytes"/> from <paramref name="offset"/>.</summary>
    public CheckpointReader(byte[] bytes, int offset, int length)
    {
        _bytes = bytes;
        _position = offset;
        _end = offset + length;
    }

    /// <summary>Gets the number of bytes not yet read.</summary>
    public int Remaining => _end - _position;

    /// <summary>Throws unless every byte has been read.</summary>
    public void ThrowIfNotAtEnd(string what)
    {
        if (Remaining != 0)
        {
            throw new InvalidDataException($"{what} has {Remaining} bytes after its last field.");
        }
    }

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int), field));

    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long), field));

    public double ReadDouble(string field) => BinaryPrimitives.ReadDoubleLittleEndian(Take(sizeof(double), field));

    public bool ReadBoolean(string field) => Take(1, field)[0] switch
    {
        0 => false,
        1 => true,
        var b => throw new InvalidDataException($"The {field} should be a boolean, 0 or 1, but is {b}."),
    };

    /// <summary>A count that must lie in [0, <paramref name="max"/>].</summary>
    public int ReadCount(string field, long max)
    {
        var count = ReadInt32(field);
        return count >= 0 && count <= max ? count : throw new InvalidDataException($"The {field} is {count}, outside [0, {max}].");
    }

    /// <summary>A string as <see cref="BinaryWriter.Write(string)"/> writes it: a 7-bit encoded byte length, then UTF-8.</summary>
    public string ReadString(string field)
    {
        var length = ReadSevenBitLength(field, MaxStringBytes);
        var span = Take(length, field);
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(span);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"The {field} is not valid UTF-8.", e);
        }
    }

    /// <summary>A block of <paramref name="length"/> bytes, copied out.</summary>
    public byte[] ReadBytes(int length, string field) => Take(length, field).ToArray();

    /// <summary>
    /// A non-negative integer in TorchSharp's LEB128 encoding, at most <paramref name="max"/>; at most nine bytes, so
    /// that it cannot overflow.
    /// </summary>
    public long ReadLeb128(string field, long max)
    {
        long value = 0;
        for (var i = 0; ; i++)
        {
            if (i == 9)
            {
                throw new InvalidDataException($"The {field} is encoded in more than nine bytes.");
            }

            var b = Take(1, field)[0];
            value |= (long)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        return value <= max ? value : throw new InvalidDataException($"The {field} is {value}, more than {max}.");
    }

    /// <summary>
    /// A tensor as TorchSharp's <c>Tensor.Save</c> writes it: its dtype, rank and sizes in LEB128, then its elements.
    /// The dtype and shape must be <paramref name="dtype"/> and <paramref name="shape"/>; the elements must be finite
    /// (and not negative, with <paramref name="nonNegative"/>). Returns where the tensor begins and its length in bytes.
    /// </summary>
    public (int Offset, int Length) ReadTensor(string field, ScalarType dtype, long[] shape, bool nonNegative = false)
    {
        var start = _position;
        var savedType = ReadLeb128($"dtype of the {field}", int.MaxValue);
        if (savedType != (long)dtype)
        {
            throw new InvalidDataException($"The {field} is of dtype {(ScalarType)savedType}, not {dtype}.");
        }

        var rank = ReadLeb128($"rank of the {field}", MaxRank);
        if (rank != shape.Length)
        {
            throw new InvalidDataException($"The {field} has {rank} dimensions, not {shape.Length}.");
        }

        for (var d = 0; d < rank; d++)
        {
            var size = ReadLeb128($"size {d} of the {field}", int.MaxValue);
            if (size != shape[d])
            {
                throw new InvalidDataException($"The {field} has size {size} in dimension {d}, not {shape[d]}.");
            }
        }

        var data = Take(checked((int)DataLength(dtype, shape)), field);
        ThrowIfNotFinite(data, dtype, field, nonNegative);
        return (start, _position - start);
    }

    /// <summary>The number of bytes of the elements of a tensor of <paramref name="dtype"/> and <paramref name="shape"/>; checked against overflow.</summary>
    public static long DataLength(ScalarType dtype, long[] shape)
    {
        long count = 1;
        foreach (var size in shape)
        {
            count = checked(count * size);
        }

        return checked(count * ElementSize(dtype));
    }

    /// <summary>The size of one element of a floating-point dtype a parameter may have.</summary>
    public static int ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => 8,
        ScalarType.Float32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 => 2,
        _ => throw new InvalidDataException($"A parameter of dtype {dtype} cannot be restored; parameters are floating point."),
    };

    private static void ThrowIfNotFinite(ReadOnlySpan<byte> data, ScalarType dtype, string field, bool nonNegative)
    {
        var size = ElementSize(dtype);
        for (var i = 0; i < data.Length; i += size)
        {
            var value = dtype switch
            {
                ScalarType.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(data[i..]),
                ScalarType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(data[i..]),
                ScalarType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(data[i..]),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data[i..]) << 16),
            };
            if (!double.IsFinite(value) || (nonNegative && value < 0))
            {
                throw new InvalidDataException($"Element {i / size} of the {field} is {value}, which a trained {field} cannot hold.");
            }
        }
    }

    private int ReadSevenBitLength(string field, int max)
    {
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 28)
            {
                throw new InvalidDataException($"The length of the {field} is badly encoded.");
            }

            var b = Take(1, field)[0];
            length |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        return length >= 0 && length <= max ? length : throw new InvalidDataException($"The {field} is {length} bytes long, more than {max}.");
    }

    private ReadOnlySpan<byte> Take(int length, string field)
    {
        if (length < 0 || length > Remaining)
        {
            throw new InvalidDataException($"The {field} needs {length} bytes, but only {Remaining} are left.");
        }

        var span = _bytes.AsSpan(_position, length);
        _position += length;
        return span;
    }
}
