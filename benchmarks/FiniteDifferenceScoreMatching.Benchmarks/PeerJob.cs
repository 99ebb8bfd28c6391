namespace FiniteDifferenceScoreMatching.Benchmarks;

/// <summary>One job of the side-by-side comparison with PyTorch.</summary>
/// <param name="Name">The name <c>peer &lt;job&gt;</c> takes.</param>
/// <param name="Library">Runs the library's side once: its time in ms and a number to check it by.</param>
/// <param name="Script">The peer's script, relative to the repository's root.</param>
/// <param name="Arguments">The script's arguments for one timed run.</param>
internal sealed record PeerJob(string Name, Func<(double Milliseconds, double Check)> Library, string Script, string Arguments);
