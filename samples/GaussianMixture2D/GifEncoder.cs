using System.Buffers.Binary;

namespace GaussianMixture2D;

/// <summary>
/// Writes animated GIF89a files: every frame the full size of the image, coloured from one fixed palette of 256
/// colours, LZW-compressed, shown for a given time, the animation looping forever.
/// </summary>
/// <remarks>
/// The palette is the 6 × 6 × 6 colour cube (each channel 0, 51, …, 255) and 40 greys, so that a frame needs no palette
/// of its own and each pixel maps to its colour by arithmetic alone. Plots are mostly white and grey lines and text
/// with a few flat colours, which the cube and the grey ramp render closely enough without dithering.
/// </remarks>
internal sealed class GifEncoder : IDisposable
{
    public const int PaletteSize = 256;

    private const int CubeLevels = 6;
    private const int GreyLevels = PaletteSize - (CubeLevels * CubeLevels * CubeLevels);

    /// <summary>The bits of a palette index, and so of the LZW alphabet.</summary>
    private const int MinimumCodeSize = 8;

    /// <summary>GIF's LZW codes are at most 12 bits wide.</summary>
    private const int MaximumCode = 4095;

    private readonly Stream _stream;
    private readonly int _width;
    private readonly int _height;
    private bool _finished;

    /// <summary>Starts a GIF of the given size on <paramref name="stream"/>: the header, the palette and the looping extension.</summary>
    public GifEncoder(Stream stream, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, ushort.MaxValue);
        (_stream, _width, _height) = (stream, width, height);

        _stream.Write("GIF89a"u8);

        // Logical screen descriptor: the size, then a global colour table of 2^(7 + 1) entries with 8 bits per channel.
        WriteUInt16(width);
        WriteUInt16(height);
        _stream.WriteByte(0b1111_0111);
        _stream.WriteByte(0);
        _stream.WriteByte(0);
        _stream.Write(Palette);

        // The NETSCAPE2.0 application extension: loop for ever (a count of 0).
        _stream.Write([0x21, 0xFF, 0x0B]);
        _stream.Write("NETSCAPE2.0"u8);
        _stream.Write([0x03, 0x01, 0x00, 0x00, 0x00]);
    }

    /// <summary>Gets the palette, red, green and blue for each of the 256 indices.</summary>
    public static byte[] Palette { get; } = CreatePalette();

    /// <summary>The index of the palette colour nearest to a colour: the nearest cube colour or the nearest grey, whichever is closer.</summary>
    public static byte Quantize(byte red, byte green, byte blue)
    {
        var (r, g, b) = (CubeIndex(red), CubeIndex(green), CubeIndex(blue));
        var cubeError = Square(red - (r * 51)) + Square(green - (g * 51)) + Square(blue - (b * 51));
        var grey = (((red + green + blue) * (GreyLevels - 1)) + (3 * 255 / 2)) / (3 * 255);
        var level = GreyLevel(grey);
        var greyError = Square(red - level) + Square(green - level) + Square(blue - level);
        return greyError < cubeError ? (byte)((CubeLevels * CubeLevels * CubeLevels) + grey) : (byte)((((r * CubeLevels) + g) * CubeLevels) + b);
    }

    /// <summary>Appends a frame of palette indices, row by row from the top, shown for <paramref name="delayCentiseconds"/> hundredths of a second.</summary>
    public void AddFrame(ReadOnlySpan<byte> indices, int delayCentiseconds)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (indices.Length != _width * _height)
        {
            throw new ArgumentException($"A frame of {_width} × {_height} has {_width * _height} pixels, not {indices.Length}.", nameof(indices));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(delayCentiseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delayCentiseconds, ushort.MaxValue);

        // Graphic control extension: the frame stays when the next is drawn over it (disposal 1), for the delay given.
        _stream.Write([0x21, 0xF9, 0x04, 0b0000_0100]);
        WriteUInt16(delayCentiseconds);
        _stream.Write([0x00, 0x00]);

        // Image descriptor: the whole screen, the global palette, not interlaced.
        _stream.WriteByte(0x2C);
        WriteUInt16(0);
        WriteUInt16(0);
        WriteUInt16(_width);
        WriteUInt16(_height);
        _stream.WriteByte(0);

        _stream.WriteByte(MinimumCodeSize);
        var data = Compress(indices);
        for (var offset = 0; offset < data.Length; offset += 255)
        {
            var length = Math.Min(255, data.Length - offset);
            _stream.WriteByte((byte)length);
            _stream.Write(data, offset, length);
        }

        _stream.WriteByte(0);
    }

    /// <summary>Writes the trailer. The stream stays open.</summary>
    public void Dispose()
    {
        if (!_finished)
        {
            _stream.WriteByte(0x3B);
            _finished = true;
        }
    }

    /// <summary>
    /// GIF's variable-width LZW: codes start 9 bits wide after a clear code, widen by a bit when the table's next code
    /// needs it, and the table starts afresh with a clear code when it is full at 4,096 entries. Codes are packed from the
    /// least significant bit up.
    /// </summary>
    internal static byte[] Compress(ReadOnlySpan<byte> indices)
    {
        const int clear = 1 << MinimumCodeSize;
        const int end = clear + 1;
        var writer = new BitWriter();
        var table = new Dictionary<int, int>(MaximumCode + 1);
        var codeSize = MinimumCodeSize + 1;
        var next = end + 1;
        writer.Write(clear, codeSize);
        if (indices.IsEmpty)
        {
            writer.Write(end, codeSize);
            return writer.ToArray();
        }

        int prefix = indices[0];
        for (var i = 1; i < indices.Length; i++)
        {
            var symbol = indices[i];
            var key = (prefix << 8) | symbol;
            if (table.TryGetValue(key, out var code))
            {
                prefix = code;
                continue;
            }

            writer.Write(prefix, codeSize);
            var added = next++;
            table.Add(key, added);

            // The decoder adds each entry one code later than the encoder, so the width grows once the code just added no
            // longer fits, and the table restarts once its last code is taken.
            if (added >= 1 << codeSize && codeSize < 12)
            {
                codeSize++;
            }

            if (added == MaximumCode)
            {
                writer.Write(clear, codeSize);
                table.Clear();
                codeSize = MinimumCodeSize + 1;
                next = end + 1;
            }

            prefix = symbol;
        }

        // Reading the last code, the decoder adds one more entry, which may widen the code it reads the end code with.
        writer.Write(prefix, codeSize);
        if (next == 1 << codeSize && codeSize < 12)
        {
            codeSize++;
        }

        writer.Write(end, codeSize);
        return writer.ToArray();
    }

    private static byte[] CreatePalette()
    {
        var palette = new byte[3 * PaletteSize];
        for (var r = 0; r < CubeLevels; r++)
        {
            for (var g = 0; g < CubeLevels; g++)
            {
                for (var b = 0; b < CubeLevels; b++)
                {
                    var index = 3 * ((((r * CubeLevels) + g) * CubeLevels) + b);
                    (palette[index], palette[index + 1], palette[index + 2]) = ((byte)(r * 51), (byte)(g * 51), (byte)(b * 51));
                }
            }
        }

        for (var k = 0; k < GreyLevels; k++)
        {
            var index = 3 * ((CubeLevels * CubeLevels * CubeLevels) + k);
            palette[index] = palette[index + 1] = palette[index + 2] = (byte)GreyLevel(k);
        }

        return palette;
    }

    private static int CubeIndex(byte channel) => (channel + 25) / 51;

    private static int GreyLevel(int index) => ((index * 255) + ((GreyLevels - 1) / 2)) / (GreyLevels - 1);

    private static int Square(int value) => value * value;

    private void WriteUInt16(int value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
        _stream.Write(bytes);
    }

    /// <summary>Packs codes of varying width into bytes, least significant bit first.</summary>
    private sealed class BitWriter
    {
        private readonly MemoryStream _bytes = new();
        private int _buffer;
        private int _bits;

        public void Write(int code, int width)
        {
            _buffer |= code << _bits;
            _bits += width;
            while (_bits >= 8)
            {
                _bytes.WriteByte((byte)_buffer);
                _buffer >>= 8;
                _bits -= 8;
            }
        }

        public byte[] ToArray()
        {
            if (_bits > 0)
            {
                _bytes.WriteByte((byte)_buffer);
                (_buffer, _bits) = (0, 0);
            }

            return _bytes.ToArray();
        }
    }
}
