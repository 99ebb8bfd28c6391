using System.Collections;
using System.Globalization;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace FiniteDifferenceScoreMatching.Models;

/// <summary>
/// Saves a score model's parameters in the files PyTorch reads (safetensors, and the state dict of
/// <c>torch.save</c>), and loads them back into a model of the same architecture.
/// </summary>
/// <remarks>
/// <para>
/// A file holds one tensor per parameter, on the CPU and in the model's dtype, under the name PyTorch's equivalent
/// module gives it, so that <c>model.load_state_dict(...)</c> takes it unchanged. The fully connected networks of
/// <see cref="MlpScoreModel"/>, <see cref="NoiseConditionalScoreModel"/> and <see cref="EnergyScoreModel"/> (made from
/// a seed) name their layers <c>hidden0</c>, <c>hidden1</c>, …, <c>output</c>; PyTorch's
/// <c>nn.Sequential(Linear, activation, Linear, activation, …, Linear)</c> numbers its modules, the activations
/// included, so layer i is saved as <c>{2i}.weight</c> and <c>{2i}.bias</c> and the output layer as
/// <c>{2H}.weight</c> and <c>{2H}.bias</c> for H hidden layers. Every other model's parameters keep the names of
/// <see cref="IScoreModel.NamedParameters"/>. docs/pytorch-interop.md gives the Python lines that load the files.
/// </para>
/// <para>
/// Only the parameters are saved: the architecture (<see cref="MlpOptions"/>), and for a noise-conditional model
/// its <see cref="NoiseSchedule"/> and <see cref="NoiseConditionalScoreModel.DataScale"/>, are the caller's to
/// record. A load checks the whole file before it changes anything: every parameter present and none besides,
/// equal shapes and dtypes, finite values; when a check fails the model is left as it was.
/// </para>
/// </remarks>
public static class ScoreModelFiles
{
    private const string SafetensorsFormat = "safetensors";
    private const string PyTorchFormat = "PyTorch state dict";

    /// <summary>Writes the model's parameters to a safetensors file, replacing it atomically if it exists.</summary>
    /// <param name="model">The model; not changed.</param>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">A parameter is not finite: such a file would not load back.</exception>
    /// <exception cref="IOException">The file cannot be written; a previous file at <paramref name="path"/> is untouched.</exception>
    public static void SaveSafetensors(this IScoreModel model, string path) =>
        Save(model, path, static (stream, state) => Safetensors.SaveStateDict(stream, state, leaveOpen: true));

    /// <summary>
    /// Writes the model's parameters as a PyTorch state dict, in the zip format of <c>torch.save</c> that
    /// <c>torch.load</c> reads, replacing the file atomically if it exists.
    /// </summary>
    /// <param name="model">The model; not changed.</param>
    /// <param name="path">The file to write (by PyTorch's custom, ending in .pt or .pth); its folder must exist.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">A parameter is not finite: such a file would not load back.</exception>
    /// <exception cref="IOException">The file cannot be written; a previous file at <paramref name="path"/> is untouched.</exception>
    public static void SavePyTorch(this IScoreModel model, string path) =>
        Save(model, path, static (stream, state) => PyTorchPickler.PickleStateDict(stream, state, leaveOpen: true));

    /// <summary>Replaces the model's parameters with those of a safetensors file, after checking all of them.</summary>
    /// <param name="model">A model of the architecture that wrote the file (or of its PyTorch equivalent).</param>
    /// <param name="path">The file to read.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="path"/> is empty, or the file does not fit the model: a parameter is missing or extra, or of
    /// another shape or dtype (the message names it). The model is unchanged.
    /// </exception>
    /// <exception cref="InvalidDataException">The file is not a readable safetensors file, or a value is not finite. The model is unchanged.</exception>
    /// <exception cref="IOException">The file cannot be read. The model is unchanged.</exception>
    public static void LoadSafetensors(this IScoreModel model, string path) =>
        Load(model, path, SafetensorsFormat, static stream => Safetensors.LoadStateDict(stream, leaveOpen: true));

    /// <summary>
    /// Replaces the model's parameters with those of a PyTorch state dict saved by <c>torch.save</c>, after checking
    /// all of them.
    /// </summary>
    /// <param name="model">A model of the architecture that wrote the file (or of its PyTorch equivalent).</param>
    /// <param name="path">The file to read, in the zip format of <c>torch.save</c> (PyTorch 1.6 and later).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="path"/> is empty, or the file does not fit the model: a parameter is missing or extra, or of
    /// another shape or dtype (the message names it). The model is unchanged.
    /// </exception>
    /// <exception cref="InvalidDataException">The file is not a readable state dict, or a value is not finite. The model is unchanged.</exception>
    /// <exception cref="IOException">The file cannot be read. The model is unchanged.</exception>
    public static void LoadPyTorch(this IScoreModel model, string path) =>
        Load(model, path, PyTorchFormat, ReadPyTorch);

    /// <summary>
    /// Gives the model's parameters with the names they have in the file: PyTorch's <c>nn.Sequential</c> numbering for
    /// the library's own fully connected networks, <see cref="IScoreModel.NamedParameters"/> otherwise.
    /// </summary>
    internal static List<(string FileName, string ModelName, Parameter Parameter)> FileNames(IScoreModel model)
    {
        var parameters = model.NamedParameters().ToList();
        if (!IsLayerStack(model))
        {
            return parameters.Select(p => (p.Name, p.Name, p.Parameter)).ToList();
        }

        var hidden = parameters.Count(p => p.Name.StartsWith("hidden", StringComparison.Ordinal) && p.Name.EndsWith(".weight", StringComparison.Ordinal));
        return parameters.Select(p => (SequentialName(p.Name, hidden), p.Name, p.Parameter)).ToList();
    }

    /// <summary>
    /// Maps <c>hidden{i}.x</c> to <c>{2i}.x</c> and <c>output.x</c> to <c>{2H}.x</c>: in the equivalent
    /// <c>nn.Sequential</c> an activation module sits between consecutive layers and takes every other index.
    /// </summary>
    private static string SequentialName(string name, int hiddenLayers)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var (layer, rest) = (name[..dot], name[dot..]);
        var index = layer == "output" ? hiddenLayers : int.Parse(layer["hidden".Length..], NumberStyles.None, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{2 * index}{rest}");
    }

    private static bool IsLayerStack(IScoreModel model) => model switch
    {
        MlpScoreModel or NoiseConditionalScoreModel => true,
        EnergyScoreModel energy => energy.Network is Sequential sequential && sequential.children().All(c => c is DenseLayer),
        _ => false,
    };

    private static void Save(IScoreModel model, string path, Action<Stream, Dictionary<string, Tensor>> write)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var gate = TorchGate.Enter();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (fileName, modelName, parameter) in FileNames(model))
        {
            if (!parameter.isfinite().all().item<bool>())
            {
                throw new InvalidOperationException($"The model's parameter '{modelName}' has a value that is not finite; a file with it would not load back.");
            }

            state.Add(fileName, parameter.detach().cpu().contiguous());
        }

        AtomicFile.Write(path, stream => write(stream, state));
    }

    private static void Load(IScoreModel model, string path, string format, Func<Stream, Dictionary<string, Tensor>> read)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = File.ReadAllBytes(path);
        using var gate = TorchGate.Enter();

        // Everything read from the file lives in this scope and is released with it, whether the load succeeds or not;
        // the model's parameters are written only once every check has passed.
        using var scope = NewDisposeScope();
        var parameters = FileNames(model);
        Dictionary<string, Tensor> stored;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            stored = read(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{path}' is not a readable {format} file: {e.Message}", e);
        }

        var values = new Tensor[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            var (fileName, modelName, parameter) = parameters[i];
            var described = fileName == modelName ? $"'{fileName}'" : $"'{fileName}' (the model's '{modelName}')";
            if (!stored.TryGetValue(fileName, out var value))
            {
                throw new ArgumentException($"'{path}' has no parameter {described}: it was written by a model of another architecture.", nameof(model));
            }

            if (!value.shape.SequenceEqual(parameter.shape))
            {
                throw new ArgumentException($"The parameter {described} is [{string.Join(", ", value.shape)}] in '{path}' but [{string.Join(", ", parameter.shape)}] in the model: it was written by a model of another architecture.", nameof(model));
            }

            if (value.dtype != parameter.dtype)
            {
                throw new ArgumentException($"The parameter {described} is {value.dtype} in '{path}' but {parameter.dtype} in the model.", nameof(model));
            }

            if (!value.isfinite().all().item<bool>())
            {
                throw new InvalidDataException($"The parameter {described} in '{path}' has a value that is not finite.");
            }

            values[i] = value;
        }

        var known = parameters.Select(p => p.FileName).ToHashSet(StringComparer.Ordinal);
        if (stored.Keys.FirstOrDefault(name => !known.Contains(name)) is { } extra)
        {
            throw new ArgumentException($"'{path}' has a parameter '{extra}' that the model does not have: it was written by a model of another architecture.", nameof(model));
        }

        using var noGrad = no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            parameters[i].Parameter.copy_(values[i]);
        }
    }

    /// <summary>Reads a state dict, checking that it maps names to tensors as <c>model.state_dict()</c> does.</summary>
    private static Dictionary<string, Tensor> ReadPyTorch(Stream stream)
    {
        var table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true, skipTensorRead: false);
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string name || entry.Value is not Tensor value)
            {
                throw new InvalidDataException($"The state dict maps {entry.Key} to a {entry.Value?.GetType().Name ?? "null"}; it must map parameter names to tensors.");
            }

            state.Add(name, value);
        }

        return state;
    }
}
