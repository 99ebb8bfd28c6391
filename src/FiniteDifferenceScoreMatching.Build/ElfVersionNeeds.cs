using System.Text;

namespace FiniteDifferenceScoreMatching.Build;

/// <summary>
/// Reads and edits the version requirements (<c>.gnu.version_r</c>) and version definitions (<c>.gnu.version_d</c>)
/// of a 64-bit little-endian ELF shared object.
/// </summary>
/// <remarks>
/// glibc's loader refuses a library that needs a symbol version its dependency lacks, unless the requirement
/// carries the <c>VER_FLG_WEAK</c> flag, in which case a missing version is not fatal. Setting that flag is a
/// two-byte edit that leaves the file's size and layout unchanged.
/// </remarks>
internal static class ElfVersionNeeds
{
    /// <summary>The <c>VER_FLG_WEAK</c> flag of an ELF version requirement.</summary>
    public const ushort WeakFlag = 0x2;

    private const uint SectionTypeVersionNeed = 0x6ffffffe;
    private const uint SectionTypeVersionDefinition = 0x6ffffffd;

    /// <summary>Lists every version requirement of the image: the file that provides it, the version name and its flags.</summary>
    /// <param name="image">The bytes of an ELF64 little-endian file.</param>
    /// <returns>The requirements, in file order, with the offset of each entry's flags field.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ELF64 little-endian image.</exception>
    public static IReadOnlyList<VersionNeed> ReadNeeds(byte[] image)
    {
        if (image == null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        var needs = new List<VersionNeed>();
        var section = FindSection(image, SectionTypeVersionNeed);
        if (section == null)
        {
            return needs;
        }

        var strings = SectionHeader.Read(image, (int)section.Link).Offset;
        var need = section.Offset;
        for (var remaining = section.Info; remaining > 0; remaining--)
        {
            var count = ReadUInt16(image, need + 2);
            var file = ReadString(image, strings + ReadUInt32(image, need + 4));
            var aux = need + ReadUInt32(image, need + 8);
            for (var i = 0; i < count; i++)
            {
                var flagsOffset = aux + 4;
                needs.Add(new VersionNeed(file, ReadString(image, strings + ReadUInt32(image, aux + 8)), ReadUInt16(image, flagsOffset), flagsOffset));
                aux += ReadUInt32(image, aux + 12);
            }

            var next = ReadUInt32(image, need + 12);
            if (next == 0)
            {
                break;
            }

            need += next;
        }

        return needs;
    }

    /// <summary>Lists the version names that the image defines (for a library such as libstdc++, the versions it provides).</summary>
    /// <param name="image">The bytes of an ELF64 little-endian file.</param>
    /// <returns>The defined version names, in file order.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ELF64 little-endian image.</exception>
    public static IReadOnlyList<string> ReadDefinitions(byte[] image)
    {
        if (image == null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        var names = new List<string>();
        var section = FindSection(image, SectionTypeVersionDefinition);
        if (section == null)
        {
            return names;
        }

        var strings = SectionHeader.Read(image, (int)section.Link).Offset;
        var definition = section.Offset;
        for (var remaining = section.Info; remaining > 0; remaining--)
        {
            // The first auxiliary entry of a definition holds its own name; later ones name its parents.
            var aux = definition + ReadUInt32(image, definition + 12);
            names.Add(ReadString(image, strings + ReadUInt32(image, aux)));
            var next = ReadUInt32(image, definition + 16);
            if (next == 0)
            {
                break;
            }

            definition += next;
        }

        return names;
    }

    /// <summary>Sets <see cref="WeakFlag"/> on every requirement of <paramref name="versionName"/> in the image.</summary>
    /// <param name="image">The bytes of an ELF64 little-endian file; edited in place.</param>
    /// <param name="versionName">The version, for example <c>GLIBCXX_3.4.32</c>.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ELF64 little-endian image.</exception>
    public static WeakMarkOutcome MarkWeak(byte[] image, string versionName)
    {
        var outcome = WeakMarkOutcome.NotRequired;
        foreach (var need in ReadNeeds(image))
        {
            if (need.Version != versionName)
            {
                continue;
            }

            if ((need.Flags & WeakFlag) != 0)
            {
                outcome = outcome == WeakMarkOutcome.Marked ? outcome : WeakMarkOutcome.AlreadyWeak;
                continue;
            }

            var flags = (ushort)(need.Flags | WeakFlag);
            image[need.FlagsOffset] = (byte)flags;
            image[need.FlagsOffset + 1] = (byte)(flags >> 8);
            outcome = WeakMarkOutcome.Marked;
        }

        return outcome;
    }

    private static SectionHeader? FindSection(byte[] image, uint type)
    {
        var count = SectionHeader.Count(image);
        for (var i = 0; i < count; i++)
        {
            var header = SectionHeader.Read(image, i);
            if (header.Type == type)
            {
                return header;
            }
        }

        return null;
    }

    internal static ushort ReadUInt16(byte[] image, long offset)
    {
        CheckRange(image, offset, 2);
        return (ushort)(image[offset] | (image[offset + 1] << 8));
    }

    internal static uint ReadUInt32(byte[] image, long offset)
    {
        CheckRange(image, offset, 4);
        return (uint)(image[offset] | (image[offset + 1] << 8) | (image[offset + 2] << 16) | (image[offset + 3] << 24));
    }

    internal static ulong ReadUInt64(byte[] image, long offset)
    {
        return ReadUInt32(image, offset) | ((ulong)ReadUInt32(image, offset + 4) << 32);
    }

    private static string ReadString(byte[] image, long offset)
    {
        CheckRange(image, offset, 1);
        var end = offset;
        while (end < image.Length && image[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(image, (int)offset, (int)(end - offset));
    }

    private static void CheckRange(byte[] image, long offset, int length)
    {
        if (offset < 0 || offset + length > image.Length)
        {
            throw new InvalidDataException($"The ELF image ({image.Length} bytes) is truncated: a structure at offset {offset} runs past its end.");
        }
    }

    private sealed class SectionHeader
    {
        private SectionHeader(uint type, long offset, uint link, uint info)
        {
            Type = type;
            Offset = offset;
            Link = link;
            Info = info;
        }

        public uint Type { get; }

        public long Offset { get; }

        public uint Link { get; }

        public uint Info { get; }

        public static int Count(byte[] image)
        {
            // e_ident: magic, then class 2 (64-bit) and data 1 (little-endian).
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
            {
                throw new InvalidDataException("The file is not an ELF image.");
            }

            if (image[4] != 2 || image[5] != 1)
            {
                throw new InvalidDataException($"Only 64-bit little-endian ELF images are supported (class {image[4]}, data {image[5]}).");
            }

            return ReadUInt16(image, 0x3c);
        }

        public static SectionHeader Read(byte[] image, int index)
        {
            if (index < 0 || index >= Count(image))
            {
                throw new InvalidDataException($"The ELF image has no section {index}.");
            }

            var table = (long)ReadUInt64(image, 0x28);
            var entrySize = ReadUInt16(image, 0x3a);
            var header = table + ((long)index * entrySize);
            return new SectionHeader(ReadUInt32(image, header + 4), (long)ReadUInt64(image, header + 0x18), ReadUInt32(image, header + 0x28), ReadUInt32(image, header + 0x2c));
        }
    }
}
