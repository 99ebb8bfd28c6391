using System.Security.Cryptography;
using FiniteDifferenceScoreMatching.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Training;

/// <summary>
/// The content of a checkpoint file: the model's parameters in their own dtype, the optimizer's state, the epoch
/// count and the trainer's options.
/// </summary>
/// <remarks>
/// Layout: the 8-byte magic <c>FDSMCKPT</c>, a format version, the payload length, the payload, and the SHA-256 of
/// the payload. A truncated or altered file fails the length or hash check before anything is parsed, so a bad file
/// never changes a model.
/// </remarks>
internal sealed class Checkpoint
{
    private const int FormatVersion = 2;

    /// <summary>The oldest format still read: version 1 has no engine, which reads as <see cref="TrainingEngine.Automatic"/>.</summary>
    private const int OldestReadVersion = 1;
    private const int HashLength = 32;
    private static readonly byte[] Magic = "FDSMCKPT"u8.ToArray();

    private readonly IReadOnlyList<(string Name, ScalarType DType, long[] Shape, byte[] Data)> _parameters;
    private readonly string _optimizerType;
    private readonly byte[] _optimizerState;
    private readonly byte[] _generatorState;

    private Checkpoint(int epoch, TrainerOptions options, IReadOnlyList<(string, ScalarType, long[], byte[])> parameters, string optimizerType, byte[] optimizerState, byte[] generatorState)
    {
        Epoch = epoch;
        Options = options;
        _parameters = parameters;
        _optimizerType = optimizerType;
        _optimizerState = optimizerState;
        _generatorState = generatorState;
    }

    public int Epoch { get; }

    public TrainerOptions Options { get; }

    public static Checkpoint Capture(IScoreModel model, optim.Optimizer optimizer, Generator generator, int epoch, TrainerOptions options)
    {
        var parameters = new List<(string, ScalarType, long[], byte[])>();
        using var scope = NewDisposeScope();
        foreach (var (name, parameter) in model.NamedParameters())
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                parameter.detach().cpu().Save(writer);
            }

            parameters.Add((name, parameter.dtype, parameter.shape, buffer.ToArray()));
        }

        using var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            SavableState(optimizer).save_state_dict(writer);
        }

        using var generatorState = generator.get_state();
        return new Checkpoint(epoch, options, parameters, optimizer.GetType().Name, state.ToArray(), generatorState.data<byte>().ToArray());
    }

    public static Checkpoint Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = Magic.Length + sizeof(int) + sizeof(int);
        if (bytes.Length < headerLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a checkpoint: it does not start with the checkpoint header.");
        }

        var version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version is < OldestReadVersion or > FormatVersion)
        {
            throw new InvalidDataException($"'{path}' is a checkpoint of format version {version}; this library reads versions {OldestReadVersion} to {FormatVersion}.");
        }

        var payloadLength = BitConverter.ToInt32(bytes, Magic.Length + sizeof(int));
        if (payloadLength < 0 || bytes.Length != headerLength + payloadLength + HashLength)
        {
            throw new InvalidDataException($"'{path}' is truncated or corrupted: it has {bytes.Length} bytes, but its header announces {headerLength + (long)payloadLength + HashLength}.");
        }

        var payload = bytes.AsSpan(headerLength, payloadLength);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(headerLength + payloadLength, HashLength)))
        {
            throw new InvalidDataException($"'{path}' is corrupted: its content does not match its checksum.");
        }

        try
        {
            return Parse(payload.ToArray(), version);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or FormatException)
        {
            throw new InvalidDataException($"'{path}' could not be read as a checkpoint: {e.Message}", e);
        }
    }

    public void WriteTo(Stream stream)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Epoch);
            writer.Write(Options.LearningRate);
            writer.Write(Options.ReportInterval);
            writer.Write(Options.SnapshotInterval ?? 0);
            writer.Write(Options.BatchSize ?? 0);
            writer.Write(Options.Seed);
            writer.Write((int)Options.Engine);
            writer.Write(_optimizerType);
            writer.Write(_parameters.Count);
            foreach (var (name, dtype, shape, data) in _parameters)
            {
                writer.Write(name);
                writer.Write((int)dtype);
                writer.Write(shape.Length);
                foreach (var size in shape)
                {
                    writer.Write(size);
                }

                writer.Write(data.Length);
                writer.Write(data);
            }

            writer.Write(_optimizerState.Length);
            writer.Write(_optimizerState);
            writer.Write(_generatorState.Length);
            writer.Write(_generatorState);
        }

        var bytes = payload.ToArray();
        stream.Write(Magic);
        stream.Write(BitConverter.GetBytes(FormatVersion));
        stream.Write(BitConverter.GetBytes(bytes.Length));
        stream.Write(bytes);
        stream.Write(SHA256.HashData(bytes));
    }

    /// <summary>
    /// Writes the parameters into the model and the state into the optimizer, after checking that the state fits them;
    /// on any failure, the model keeps its parameters.
    /// </summary>
    /// <exception cref="ArgumentException">The model or the optimizer is of another kind than the saved ones.</exception>
    /// <exception cref="InvalidDataException">The optimizer's or the generator's state is malformed.</exception>
    public void Restore(IScoreModel model, optim.Optimizer optimizer, Generator generator)
    {
        var parameters = model.NamedParameters().ToList();
        ThrowIfOtherArchitecture(parameters);
        if (optimizer.GetType().Name != _optimizerType)
        {
            throw new ArgumentException($"The checkpoint holds the state of a {_optimizerType} optimizer, but the trainer uses {optimizer.GetType().Name}; pass the factory the saved trainer used.", nameof(optimizer));
        }

        CheckpointState.ThrowIfBadOptimizerState(_optimizerState, optimizer, parameters.Select(p => p.Parameter).ToArray());
        CheckpointState.ThrowIfBadGeneratorState(_generatorState, generator);
        var before = ParameterSnapshot.Capture(model);
        try
        {
            using var scope = NewDisposeScope();
            using (no_grad())
            {
                for (var i = 0; i < parameters.Count; i++)
                {
                    using var reader = new BinaryReader(new MemoryStream(_parameters[i].Data));
                    parameters[i].Parameter.copy_(Tensor.Load(reader).to(parameters[i].Parameter.device));
                }
            }

            using var state = new BinaryReader(new MemoryStream(_optimizerState));
            SavableState(optimizer).load_state_dict(state);
            generator.set_state(tensor(_generatorState));
        }
        catch (Exception e) when (e is not InvalidDataException and not ArgumentException)
        {
            // What the checks above cannot see (an optimizer other than Adam, whose state is checked by its length
            // alone) is still reported as a bad file, with the model as it was.
            before.RestoreInto(model);
            throw new InvalidDataException($"The checkpoint's optimizer or generator state could not be restored: {e.Message}", e);
        }
        catch
        {
            before.RestoreInto(model);
            throw;
        }
    }

    internal static TorchSharp.Modules.OptimizerHelper SavableState(optim.Optimizer optimizer) =>
        optimizer as TorchSharp.Modules.OptimizerHelper
        ?? throw new NotSupportedException($"TorchSharp cannot save the state of a {optimizer.GetType().Name} optimizer, so it cannot be checkpointed.");

    private void ThrowIfOtherArchitecture(List<(string Name, TorchSharp.Modules.Parameter Parameter)> parameters)
    {
        var saved = string.Join(", ", _parameters.Select(p => $"{p.Name} {p.DType} [{string.Join(", ", p.Shape)}]"));
        var actual = string.Join(", ", parameters.Select(p => $"{p.Name} {p.Parameter.dtype} [{string.Join(", ", p.Parameter.shape)}]"));
        if (saved != actual)
        {
            throw new ArgumentException($"The checkpoint is of another architecture. Saved: {saved}. Model: {actual}.", "model");
        }
    }

    private static Checkpoint Parse(byte[] payload, int version)
    {
        var reader = new CheckpointReader(payload, 0, payload.Length);
        var epoch = reader.ReadInt32("epoch count");
        if (epoch < 0)
        {
            throw new InvalidDataException($"The epoch count is {epoch}; it cannot be negative.");
        }

        var learningRate = reader.ReadDouble("learning rate");
        var reportInterval = reader.ReadInt32("report interval");
        var snapshotInterval = reader.ReadInt32("snapshot interval");
        var batchSize = reader.ReadInt32("batch size");
        var seed = reader.ReadInt64("generator seed");
        var engine = version >= 2 ? (TrainingEngine)reader.ReadInt32("engine") : TrainingEngine.Automatic;
        var optimizerType = reader.ReadString("optimizer type");

        // Each parameter takes at least a name's length byte, a dtype, a rank and a data length.
        var count = reader.ReadCount("parameter count", reader.Remaining / 13);
        var parameters = new List<(string, ScalarType, long[], byte[])>(count);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString($"name of parameter {i}");
            var dtype = (ScalarType)reader.ReadInt32($"dtype of parameter {name}");
            _ = CheckpointReader.ElementSize(dtype);
            var shape = new long[reader.ReadCount($"rank of parameter {name}", CheckpointReader.MaxRank)];
            for (var d = 0; d < shape.Length; d++)
            {
                shape[d] = reader.ReadInt64($"size {d} of parameter {name}");
                if (shape[d] < 0 || shape[d] > int.MaxValue)
                {
                    throw new InvalidDataException($"Parameter {name} has size {shape[d]} in dimension {d}.");
                }
            }

            var data = reader.ReadBytes(reader.ReadCount($"length of parameter {name}", reader.Remaining), $"parameter {name}");
            var blob = new CheckpointReader(data, 0, data.Length);
            _ = blob.ReadTensor($"parameter {name}", dtype, shape);
            blob.ThrowIfNotAtEnd($"Parameter {name}");
            parameters.Add((name, dtype, shape, data));
        }

        var state = reader.ReadBytes(reader.ReadCount("length of the optimizer state", reader.Remaining), "optimizer state");
        var generatorState = reader.ReadBytes(reader.ReadCount("length of the generator state", reader.Remaining), "generator state");
        reader.ThrowIfNotAtEnd("The checkpoint");
        var options = new TrainerOptions
        {
            LearningRate = learningRate,
            ReportInterval = reportInterval,
            SnapshotInterval = snapshotInterval == 0 ? null : snapshotInterval,
            BatchSize = batchSize == 0 ? null : batchSize,
            Seed = seed,
            Engine = engine,
        };
        options.Validate();
        return new Checkpoint(epoch, options, parameters, optimizerType, state, generatorState);
    }
}
