using System.Security.Cryptography;
using FiniteDifferenceScoreMatching.Models;
using FiniteDifferenceScoreMatching.OneDimensional;
using FiniteDifferenceScoreMatching.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Tests.Training;

/// <summary>
/// Crafted checkpoints: valid files whose payload is mutated and whose length and checksum are then recomputed, so that
/// only the checks of the content stand between the bytes and libtorch.
/// </summary>
public sealed class CheckpointFuzzTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Magic (8 bytes), format version and payload length (4 each).</summary>
    private const int HeaderLength = 16;

    private readonly string _folder = Directory.CreateTempSubdirectory("fdsm-checkpoint-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(ScalarType.Float32, null, 1)]
    [InlineData(ScalarType.Float64, 64, 2)]
    public void Resume_MutatedPayloadsWithValidChecksums_FailCleanlyWithTheModelUnchanged(ScalarType dtype, int? batchSize, int seed)
    {
        var options = new MlpOptions { HiddenWidths = [8], DType = dtype };
        var valid = Save(options, batchSize);
        var payload = valid[HeaderLength..^32];
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>();
        using var model = new MlpScoreModel(77, options);
        var before = Values(model);
        var path = Path.Combine(_folder, "mutated.ckpt");

        for (var i = 0; i < 600; i++)
        {
            var mutated = Mutate(payload, random);
            File.WriteAllBytes(path, Wrap(valid, mutated));
            string outcome;
            try
            {
                using var trainer = Trainer.Resume(model, path);
                outcome = "resumed";
                before = Values(model);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException)
            {
                outcome = e.GetType().Name;
                Values(model).Should().Equal(before, $"mutation {i} was rejected, so the model must be as it was");
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
        outcomes.Keys.Should().BeSubsetOf(["resumed", nameof(InvalidDataException), nameof(ArgumentException), nameof(ArgumentOutOfRangeException)]);
        outcomes.GetValueOrDefault(nameof(InvalidDataException)).Should().BeGreaterThan(300, "most mutations break the file");
    }

    [Fact]
    public void Resume_GeneratorStateOfTheWrongLength_IsRejectedWithoutTouchingLibtorch()
    {
        var options = new MlpOptions { HiddenWidths = [8] };
        var valid = Save(options, batchSize: 32);
        var payload = valid[HeaderLength..^32];

        // The generator's state is the last field: its 4-byte length, then its bytes. Keep three of them.
        var stateLength = BitConverter.ToInt32(payload, payload.Length - 5056 - 4);
        stateLength.Should().Be(5056);
        var mutated = payload[..^(5056 + 4)].Concat(BitConverter.GetBytes(3)).Concat(new byte[] { 1, 2, 3 }).ToArray();
        var path = Write("short-generator.ckpt", Wrap(valid, mutated));
        using var model = NewModel();

        var resume = () => Trainer.Resume(model, path);

        resume.Should().Throw<InvalidDataException>().WithMessage("*generator's state is 3 bytes long*");
    }

    [Fact]
    public void Resume_FormatVersionOne_ReadsWithTheAutomaticEngine()
    {
        var options = new MlpOptions { HiddenWidths = [8] };
        var valid = Save(options, batchSize: null);
        var payload = valid[HeaderLength..^32];

        // Version 1 has no engine: drop the four bytes after the seed (epoch 4, rate 8, intervals and batch size 12, seed 8).
        var bytes = Wrap(valid, [.. payload[..32], .. payload[36..]]);
        BitConverter.GetBytes(1).CopyTo(bytes, 8);
        var path = Write("version-one.ckpt", bytes);
        using var model = NewModel();

        using var resumed = Trainer.Resume(model, path);

        resumed.Options.Engine.Should().Be(TrainingEngine.Automatic);
        resumed.Epoch.Should().Be(20);
    }

    [Fact]
    public void Resume_UnknownFormatVersion_IsRejected()
    {
        var valid = Save(new MlpOptions { HiddenWidths = [8] }, batchSize: null);
        BitConverter.GetBytes(3).CopyTo(valid, 8);
        var path = Write("version-three.ckpt", valid);
        using var model = NewModel();

        var resume = () => Trainer.Resume(model, path);

        resume.Should().Throw<InvalidDataException>().WithMessage("*version 3*versions 1 to 2*");
    }

    [Fact]
    public void Resume_HeaderAlone_IsTruncated_NamingBothLengths()
    {
        var valid = Save(new MlpOptions { HiddenWidths = [8] }, batchSize: null);
        var path = Write("header-only.ckpt", valid[..HeaderLength]);

        using var model = NewModel();
        var resume = () => Trainer.Resume(model, path);

        resume.Should().Throw<InvalidDataException>().WithMessage($"*truncated or corrupted: it has 16 bytes, but its header announces {valid.Length}.");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Resume_NegativePayloadLength_IsCorrupted(int length)
    {
        var valid = Save(new MlpOptions { HiddenWidths = [8] }, batchSize: null);
        byte[] bytes = [.. valid[..12], .. BitConverter.GetBytes(length), .. new byte[31]];
        var path = Write("negative-length.ckpt", bytes);

        using var model = NewModel();
        var resume = () => Trainer.Resume(model, path);

        resume.Should().Throw<InvalidDataException>().WithMessage($"*truncated or corrupted: it has 47 bytes, but its header announces {HeaderLength + (long)length + 32}.");
    }

    [Fact]
    public void Resume_FormatVersionZero_IsRejected()
    {
        var valid = Save(new MlpOptions { HiddenWidths = [8] }, batchSize: null);
        BitConverter.GetBytes(0).CopyTo(valid, 8);
        var path = Write("version-zero.ckpt", valid);

        using var model = NewModel();
        var resume = () => Trainer.Resume(model, path);

        resume.Should().Throw<InvalidDataException>().WithMessage("*version 0*versions 1 to 2*");
    }

    [Fact]
    public void Resume_NegativeEpochCount_IsRejectedNamingIt()
    {
        var valid = Save(new MlpOptions { HiddenWidths = [8] }, batchSize: null);
        var payload = valid[HeaderLength..^32];
        BitConverter.GetBytes(-1).CopyTo(payload, 0);
        var path = Write("negative-epoch.ckpt", Wrap(valid, payload));

        using var model = NewModel();
        var resume = () => Trainer.Resume(model, path);

        resume.Should().Throw<InvalidDataException>().WithMessage("The epoch count is -1; it cannot be negative.");
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Resume_LearningRateTheTrainerWouldRefuse_IsABadFile_NamingIt(double learningRate)
    {
        var valid = Save(new MlpOptions { HiddenWidths = [8] }, batchSize: null);
        var payload = valid[HeaderLength..^32];
        BitConverter.GetBytes(learningRate).CopyTo(payload, 4);
        var path = Write("bad-options.ckpt", Wrap(valid, payload));

        using var model = NewModel();
        var resume = () => Trainer.Resume(model, path);

        resume.Should().Throw<InvalidDataException>().WithMessage($"'{path}' could not be read as a checkpoint: *LearningRate*")
            .WithInnerException<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(1L + int.MaxValue)]
    public void Resume_ParameterSizeOutOfRange_IsRejectedNamingTheParameterAndDimension(long size)
    {
        var valid = Save(new MlpOptions { HiddenWidths = [8] }, batchSize: null);
        var payload = valid[HeaderLength..^32];
        var firstSize = FirstParameterSizeOffset(payload, out var name);
        BitConverter.GetBytes(size).CopyTo(payload, firstSize);
        var path = Write("bad-size.ckpt", Wrap(valid, payload));

        using var model = NewModel();
        var resume = () => Trainer.Resume(model, path);

        resume.Should().Throw<InvalidDataException>().WithMessage($"*Parameter {name} has size {size} in dimension 0.");
    }

    [Fact]
    public void Resume_BytesAfterTheLastField_AreRejected()
    {
        var valid = Save(new MlpOptions { HiddenWidths = [8] }, batchSize: null);
        var path = Write("trailing.ckpt", Wrap(valid, [.. valid[HeaderLength..^32], 0, 0, 0]));

        using var model = NewModel();
        var resume = () => Trainer.Resume(model, path);

        resume.Should().Throw<InvalidDataException>().WithMessage("*The checkpoint has 3 bytes after its last field.");
    }

    [Fact]
    public void Resume_CheckpointOfNoEpochs_ResumesAtEpochZeroWithTheSavedParameters()
    {
        var options = new MlpOptions { HiddenWidths = [8] };
        var path = Path.Combine(_folder, "untrained.ckpt");
        float[] saved;
        using (var model = new MlpScoreModel(3, options))
        using (var trainer = new Trainer(model, new TrainerOptions { BatchSize = 16, SnapshotInterval = null }))
        {
            trainer.SaveCheckpoint(path);
            saved = Values(model);
        }

        using var other = new MlpScoreModel(4, options);
        using var resumed = Trainer.Resume(other, path);

        resumed.Epoch.Should().Be(0);
        resumed.Options.BatchSize.Should().Be(16);
        resumed.Options.SnapshotInterval.Should().BeNull();
        Values(other).Should().Equal(saved);
    }

    /// <summary>
    /// The offset of the first parameter's first size in a version-2 payload: epoch (4), learning rate (8), report and
    /// snapshot intervals and batch size (4 each), seed (8), engine (4), the optimizer's name (a length byte and its
    /// characters), the parameter count (4), then the parameter's name (likewise), dtype (4) and rank (4).
    /// </summary>
    private static int FirstParameterSizeOffset(byte[] payload, out string name)
    {
        var optimizerName = 36;
        var count = optimizerName + 1 + payload[optimizerName];
        var nameAt = count + 4;
        name = System.Text.Encoding.UTF8.GetString(payload, nameAt + 1, payload[nameAt]);
        return nameAt + 1 + payload[nameAt] + 4 + 4;
    }

    private static MlpScoreModel NewModel() => new(5, new MlpOptions { HiddenWidths = [8] });

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Mutate(byte[] payload, Random random)
    {
        var bytes = (byte[])payload.Clone();
        switch (random.Next(6))
        {
            case 0:
                // Flip a few bits anywhere.
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 1:
                // An extreme 4-byte integer (a count, a length, a dtype, a rank) at a random place.
                int[] ints = [-1, 0, 1, 3, 7, 255, 1 << 20, int.MaxValue, int.MinValue];
                BitConverter.GetBytes(ints[random.Next(ints.Length)]).CopyTo(bytes, random.Next(bytes.Length - 4));
                return bytes;
            case 2:
                // An extreme 8-byte value (a size, a step, a seed, a learning rate) at a random place.
                long[] longs = [-1, 0, 1L << 40, long.MaxValue, BitConverter.DoubleToInt64Bits(double.NaN), BitConverter.DoubleToInt64Bits(1e300), BitConverter.DoubleToInt64Bits(-2)];
                BitConverter.GetBytes(longs[random.Next(longs.Length)]).CopyTo(bytes, random.Next(bytes.Length - 8));
                return bytes;
            case 3:
                // NaN floats in a random stretch, where parameters and moments live.
                var at = random.Next(bytes.Length - 16);
                BitConverter.GetBytes(float.NaN).CopyTo(bytes, at);
                BitConverter.GetBytes(double.NaN).CopyTo(bytes, at + 8);
                return bytes;
            case 4:
                // Cut out, or insert, a few bytes.
                var cut = random.Next(bytes.Length - 8);
                var length = random.Next(1, 8);
                return random.Next(2) == 0
                    ? [.. bytes[..cut], .. bytes[(cut + length)..]]
                    : [.. bytes[..cut], .. Enumerable.Range(0, length).Select(_ => (byte)random.Next(256)), .. bytes[cut..]];
            default:
                // Truncate.
                return bytes[..random.Next(bytes.Length)];
        }
    }

    /// <summary>A checkpoint file around <paramref name="payload"/>: the original header with the new length, and a fresh checksum.</summary>
    private static byte[] Wrap(byte[] valid, byte[] payload) =>
        [.. valid[..12], .. BitConverter.GetBytes(payload.Length), .. payload, .. SHA256.HashData(payload)];

    private static float[] Values(MlpScoreModel model)
    {
        using var scope = NewDisposeScope();
        return model.NamedParameters().SelectMany(p => p.Parameter.detach().to(ScalarType.Float32).data<float>().ToArray()).ToArray();
    }

    private byte[] Save(MlpOptions options, int? batchSize)
    {
        using var model = new MlpScoreModel(3, options);
        using var trainer = new Trainer(model, new TrainerOptions { BatchSize = batchSize });
        using var loss = new EmpiricalFiniteDifferenceScoreMatchingLoss(SeedProblem.Samples(256));
        trainer.Train(loss, 20);
        var path = Path.Combine(_folder, "valid.ckpt");
        trainer.SaveCheckpoint(path);
        return File.ReadAllBytes(path);
    }
}
