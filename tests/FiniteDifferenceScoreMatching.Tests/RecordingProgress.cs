namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>
/// An <see cref="IProgress{T}"/> that keeps every report and passes it to <paramref name="onReport"/> at once, on the
/// reporting thread (unlike <see cref="Progress{T}"/>, which posts reports to a synchronisation context or the pool).
/// </summary>
/// <typeparam name="T">The type of the reports.</typeparam>
/// <param name="onReport">Called with each report after it is kept; may be null.</param>
internal sealed class RecordingProgress<T>(Action<T>? onReport = null) : IProgress<T>
{
    private readonly List<T> _reports = [];

    /// <summary>Gets a copy of the reports received so far, in order.</summary>
    public IReadOnlyList<T> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    /// <inheritdoc />
    public void Report(T value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }

        onReport?.Invoke(value);
    }
}
