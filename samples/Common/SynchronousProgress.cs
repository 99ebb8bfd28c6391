namespace Samples.Common;

/// <summary>Reports synchronously, on the thread that trains, unlike <see cref="Progress{T}"/>, which posts to a synchronisation context.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
