namespace FiniteDifferenceScoreMatching.Build;

/// <summary>The outcome of <see cref="ElfVersionNeeds.MarkWeak"/>.</summary>
internal enum WeakMarkOutcome
{
    /// <summary>The entry was found and its weak flag has been set.</summary>
    Marked,

    /// <summary>The entry was found and was weak already; nothing was written.</summary>
    AlreadyWeak,

    /// <summary>The file asks for no such version; nothing was written.</summary>
    NotRequired,
}
