namespace FiniteDifferenceScoreMatching;

/// <summary>Writes a file so that readers see either the old content or the complete new one, never a mix.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Lets <paramref name="write"/> fill a temporary file in the target's folder, flushes it to disk, and renames it
    /// over <paramref name="path"/>. If anything fails, the temporary file is removed and the target is untouched.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
