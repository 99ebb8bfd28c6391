namespace GaussianMixture2D;

/// <summary>One gallery set: the samples the model learnt from, where the annealed chains ended, and how far those are from fresh samples of the set.</summary>
internal sealed record GalleryResult(GallerySet Set, double[,] Data, SamplingRun Sampling, double FinalLoss, TimeSpan TrainingTime)
{
    public string Title => Set.Title();

    public string FileStem => Set.FileStem();
}
