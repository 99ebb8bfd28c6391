using Microsoft.Build.Framework;

namespace FiniteDifferenceScoreMatching.Build;

/// <summary>
/// MSBuild task: makes TorchSharp's native shim loadable on Linux hosts whose libstdc++ predates GCC 13.
/// </summary>
/// <remarks>
/// TorchSharp's <c>libLibTorchSharp.so</c> asks for <c>GLIBCXX_3.4.32</c> only for
/// <c>std::ios_base_library_init()</c>, a marker symbol that GCC 13 emits and nothing calls. On a host whose
/// libstdc++ lacks that version, the task marks the requirement weak in the given (output) copies of the shim.
/// On any other host, or where the requirement is weak already, it writes nothing.
/// </remarks>
public sealed class RelaxGlibcxxRequirement : Microsoft.Build.Utilities.Task
{
    /// <summary>The version that TorchSharp's shim needs and older libstdc++ builds lack.</summary>
    internal const string Version = "GLIBCXX_3.4.32";

    /// <summary>The code of the warning logged when a library cannot be read or edited (suppress it with NoWarn).</summary>
    internal const string WarningCode = "FDSM001";

    /// <summary>Gets or sets the shim files to edit in place (never those of the package cache).</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Gets or sets the host's libstdc++ to inspect; found automatically when empty.</summary>
    public string HostLibrary { get; set; } = string.Empty;

    /// <summary>Gets the files that were edited.</summary>
    [Output]
    public ITaskItem[] Relaxed { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    public override bool Execute()
    {
        var host = string.IsNullOrEmpty(HostLibrary) ? FindHostLibrary() : HostLibrary;
        if (host == null)
        {
            Log.LogMessage(MessageImportance.Low, "No libstdc++.so.6 found on this host; TorchSharp's shim is left as it is.");
            return true;
        }

        IReadOnlyList<string> definitions;
        try
        {
            definitions = ElfVersionNeeds.ReadDefinitions(System.IO.File.ReadAllBytes(host));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // A library this task cannot read is no reason to fail the application's build; the shim is left as
            // shipped, and loads or not as it would without the task.
            Log.LogWarning(null, WarningCode, null, null, 0, 0, 0, 0, $"FiniteDifferenceScoreMatching: could not read the versions of {host} ({e.Message}); TorchSharp's shim is left as it is.");
            return true;
        }

        if (definitions.Contains(Version))
        {
            Log.LogMessage(MessageImportance.Low, $"{host} provides {Version}; TorchSharp's shim is left as it is.");
            return true;
        }

        var relaxed = new List<ITaskItem>();
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                if (RelaxFile(path))
                {
                    relaxed.Add(item);
                    Log.LogMessage(MessageImportance.High, $"FiniteDifferenceScoreMatching: {host} lacks {Version}; marked that requirement weak in {path}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                Log.LogWarning(null, WarningCode, null, null, 0, 0, 0, 0, $"FiniteDifferenceScoreMatching: could not edit {path} ({e.Message}); it is left as it is.");
            }
        }

        Relaxed = relaxed.ToArray();
        return !Log.HasLoggedErrors;
    }

    /// <summary>Marks the requirement weak in one file, replacing the file atomically; does nothing when there is nothing to do.</summary>
    /// <param name="path">The shim to edit.</param>
    /// <returns><see langword="true"/> when the file was rewritten.</returns>
    internal static bool RelaxFile(string path)
    {
        var image = System.IO.File.ReadAllBytes(path);
        if (ElfVersionNeeds.MarkWeak(image, Version) != WeakMarkOutcome.Marked)
        {
            return false;
        }

        // Write a sibling and rename it over the original: the edit is atomic, it keeps the file's mode, and it
        // never writes through a hard link into the package cache. The old time stamp is kept so that
        // incremental builds see the output copy as up to date.
        var written = System.IO.File.GetLastWriteTimeUtc(path);
        var temporary = path + ".relaxing";
        System.IO.File.Copy(path, temporary, overwrite: true);
        using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write))
        {
            stream.Write(image, 0, image.Length);
        }

        System.IO.File.SetLastWriteTimeUtc(temporary, written);
        System.IO.File.Replace(temporary, path, null);
        return true;
    }

    /// <summary>Finds the libstdc++ the loader would give this process: the one mapped into it, else a standard location.</summary>
    /// <returns>The path, or <see langword="null"/> where none is found (for example on Windows or macOS).</returns>
    internal static string? FindHostLibrary()
    {
        const string maps = "/proc/self/maps";
        if (System.IO.File.Exists(maps))
        {
            foreach (var line in System.IO.File.ReadLines(maps))
            {
                var start = line.IndexOf('/');
                if (start >= 0 && line.IndexOf("/libstdc++.so", StringComparison.Ordinal) >= 0)
                {
                    return line.Substring(start);
                }
            }
        }

        foreach (var candidate in new[] { "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" })
        {
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
