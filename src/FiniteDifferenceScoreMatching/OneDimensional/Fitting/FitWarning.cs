namespace FiniteDifferenceScoreMatching.OneDimensional.Fitting;

/// <summary>A sign that a fit may be poor, with a message that gives the numbers behind it.</summary>
public sealed class FitWarning
{
    internal FitWarning(FitWarningKind kind, string message)
    {
        Kind = kind;
        Message = message;
    }

    /// <summary>Gets what the warning is about.</summary>
    public FitWarningKind Kind { get; }

    /// <summary>Gets a sentence for a person, with the values that triggered it.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {Message}";
}
