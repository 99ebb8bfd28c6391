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
        var path = Path.Combine(_folder, "short-generator.ckpt");
        File.WriteAllBytes(path, Wrap(valid, mutated));
        using var model = new MlpScoreModel(5, options);

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
        var path = Path.Combine(_folder, "version-one.ckpt");
        File.WriteAllBytes(path, bytes);
        using var model = new MlpScoreModel(5, options);

        using var resumed = Trainer.Resume(model, path);

        resumed.Options.Engine.Should().Be(TrainingEngine.Automatic);
        resumed.Epoch.Should().Be(20);
    }

    [Fact]
    public void Resume_UnknownFormatVersion_IsRejected()
    {
        var valid = Save(new MlpOptions { HiddenWidths = [8] }, batchSize: null);
        BitConverter.GetBytes(3).CopyTo(valid, 8);
        var path = Path.Combine(_folder, "version-three.ckpt");
        File.WriteAllBytes(path, valid);
        using var model = new MlpScoreModel(5, new MlpOptions { HiddenWidths = [8] });

        var resume = () => Trainer.Resume(model, path);

        resume.Should().Throw<InvalidDataException>().WithMessage("*version 3*versions 1 to 2*");
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
