namespace FitQuality.Suite;

/// <summary>One distribution of the suite: its stable name and id, its part, a description and the distribution itself.</summary>
internal sealed class SuiteDistribution
{
    /// <summary>Creates the entry.</summary>
    /// <param name="id">A stable number, part of every seed drawn for the distribution; unique in the suite and below 500.</param>
    /// <param name="name">A short stable name, used on the command line and in the tables.</param>
    /// <param name="part">The part of the suite.</param>
    /// <param name="description">What the distribution is and what it tests.</param>
    /// <param name="distribution">The distribution.</param>
    public SuiteDistribution(int id, string name, SuitePart part, string description, ITestDistribution distribution)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, 500);
        Id = id;
        Name = name;
        Part = part;
        Description = description;
        Distribution = distribution;
    }

    /// <summary>Gets the stable id, part of the seeds: sample set k is drawn with <c>new Random(1000 k + Id)</c>, its test points with <c>new Random(1000 k + 500 + Id)</c>.</summary>
    public int Id { get; }

    /// <summary>Gets the short stable name.</summary>
    public string Name { get; }

    /// <summary>Gets the part of the suite.</summary>
    public SuitePart Part { get; }

    /// <summary>Gets the description.</summary>
    public string Description { get; }

    /// <summary>Gets the distribution.</summary>
    public ITestDistribution Distribution { get; }

    /// <summary>Gets the seed of sample set <paramref name="sampleSet"/>.</summary>
    /// <param name="sampleSet">The index of the sample set, from 0.</param>
    /// <returns>1000 · <paramref name="sampleSet"/> + <see cref="Id"/>.</returns>
    public int SampleSeed(int sampleSet) => (1000 * sampleSet) + Id;

    /// <summary>Gets the seed of the held-out test points of sample set <paramref name="sampleSet"/>.</summary>
    /// <param name="sampleSet">The index of the sample set, from 0.</param>
    /// <returns>1000 · <paramref name="sampleSet"/> + 500 + <see cref="Id"/>.</returns>
    public int TestSeed(int sampleSet) => (1000 * sampleSet) + 500 + Id;

    /// <summary>Draws <paramref name="count"/> samples from a generator seeded with <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="count">How many.</param>
    /// <returns>The samples, in the order drawn; a smaller count gives a prefix of a larger one.</returns>
    public double[] Draw(int seed, int count)
    {
        var random = new Random(seed);
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = Distribution.Sample(random);
        }

        return samples;
    }
}
