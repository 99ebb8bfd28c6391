namespace FiniteDifferenceScoreMatching.Build;

/// <summary>One version requirement of an ELF image: a version of a symbol set that a needed library must provide.</summary>
internal sealed class VersionNeed
{
    /// <summary>Creates a requirement record.</summary>
    /// <param name="file">The needed library, for example <c>libstdc++.so.6</c>.</param>
    /// <param name="version">The version name, for example <c>GLIBCXX_3.4.32</c>.</param>
    /// <param name="flags">The entry's flags.</param>
    /// <param name="flagsOffset">The file offset of the entry's two-byte flags field.</param>
    public VersionNeed(string file, string version, ushort flags, long flagsOffset)
    {
        File = file;
        Version = version;
        Flags = flags;
        FlagsOffset = flagsOffset;
    }

    /// <summary>Gets the needed library.</summary>
    public string File { get; }

    /// <summary>Gets the version name.</summary>
    public string Version { get; }

    /// <summary>Gets the entry's flags.</summary>
    public ushort Flags { get; }

    /// <summary>Gets the file offset of the entry's flags field.</summary>
    public long FlagsOffset { get; }

    /// <summary>Gets a value indicating whether a missing version is tolerated by the loader.</summary>
    public bool IsWeak => (Flags & ElfVersionNeeds.WeakFlag) != 0;
}
