using System.Diagnostics;
using System.Globalization;

namespace FiniteDifferenceScoreMatching;

/// <summary>Writes a file so that readers see either the old content or the complete new one, never a mix.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Lets <paramref name="write"/> fill a temporary file in the target's folder, flushes it to disk, and renames it
    /// over <paramref name="path"/>. If anything fails, the temporary file is removed and the target is untouched.
    /// Temporary files for the same target left by writers that were killed are removed first (see <see cref="RemoveAbandoned"/>).
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        RemoveAbandoned(folder, Path.GetFileName(full));
        var temporary = Path.Combine(folder, TemporaryName(Path.GetFileName(full), Environment.ProcessId, Guid.NewGuid()));
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

    /// <summary>The name of a temporary file for <paramref name="fileName"/>, written by process <paramref name="processId"/>: hidden, and ending in .tmp.</summary>
    internal static string TemporaryName(string fileName, int processId, Guid unique) =>
        string.Create(CultureInfo.InvariantCulture, $".{fileName}.{processId}-{unique:N}.tmp");

    /// <summary>
    /// Deletes the temporary files for <paramref name="fileName"/> in <paramref name="folder"/> whose writer is gone: no
    /// process has its id, or the process that has it now started after the file was last written. Files of live
    /// writers, and files that cannot be deleted, are left alone.
    /// </summary>
    internal static void RemoveAbandoned(string folder, string fileName)
    {
        string[] candidates;
        try
        {
            candidates = Directory.GetFiles(folder, $".{fileName}.*-*.tmp");
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        var prefix = $".{fileName}.";
        foreach (var candidate in candidates)
        {
            var name = Path.GetFileName(candidate);
            var middle = name[prefix.Length..^".tmp".Length];
            var dash = middle.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(middle[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var processId) || !IsAbandoned(candidate, processId))
            {
                continue;
            }

            try
            {
                File.Delete(candidate);
            }
            catch (IOException)
            {
                // Another writer may be removing it at the same moment; what is left is removed next time.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to delete.
            }
        }
    }

    private static bool IsAbandoned(string file, int processId)
    {
        if (processId == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited || process.StartTime > File.GetLastWriteTime(file);
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
