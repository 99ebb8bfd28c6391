namespace FiniteDifferenceScoreMatching.Tests;

/// <summary>Tests that read or change TorchSharp's process-wide state run one at a time, in this collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "TorchSharp global state";
}
