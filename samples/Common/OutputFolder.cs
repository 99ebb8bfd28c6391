namespace Samples.Common;

/// <summary>Writes results into the output folder all at once: everything, or nothing.</summary>
internal static class OutputFolder
{
    /// <summary>Creates the folder if needed and checks that a file can be written in it.</summary>
    public static bool TryPrepare(string folder, out string reason)
    {
        try
        {
            if (File.Exists(folder))
            {
                reason = "a file of that name exists";
                return false;
            }

            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-check-{Guid.NewGuid():N}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            reason = string.Empty;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Lets <paramref name="write"/> fill a staging folder inside <paramref name="folder"/>, then moves its files into
    /// <paramref name="folder"/>. If writing fails, the staging folder is removed and the folder keeps what it had.
    /// </summary>
    public static IReadOnlyList<string> WriteAtomically(string folder, Func<string, IReadOnlyList<string>> write)
    {
        var staging = Path.Combine(folder, $".staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var staged = write(staging);
            var final = new List<string>();
            foreach (var file in staged)
            {
                var target = Path.Combine(folder, Path.GetFileName(file));
                File.Move(file, target, overwrite: true);
                final.Add(target);
            }

            return final;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
