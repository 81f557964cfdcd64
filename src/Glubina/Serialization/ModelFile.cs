using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Glubina.Data.Preprocessing;
using Glubina.Nn;
using Module = Glubina.Nn.Module;
using Glubina.Tensors;

namespace Glubina.Serialization;

/// <summary>
/// A trained model as one file: a standard safetensors file whose tensors are the model's state dict under
/// PyTorch key names, and whose metadata entry <c>glubina.manifest</c> holds a JSON manifest with the
/// architecture (<see cref="ModelSpec"/>), the fitted preprocessing, class labels, metrics and versions.
/// Any safetensors reader (PyTorch's included) can read the weights; Glubina rebuilds the whole model.
/// </summary>
public sealed class ModelFile
{
    /// <summary>Metadata key of the manifest inside the safetensors file.</summary>
    public const string ManifestKey = "glubina.manifest";

    /// <summary>Format version written by this code; older versions are read, newer ones refused.</summary>
    public const int FormatVersion = 1;

    /// <summary>A model file for <paramref name="model"/>; set the init properties to keep preprocessing, labels,
    /// metrics and more with it.</summary>
    /// <param name="model">The network; its state dict is what the file stores.</param>
    /// <param name="spec">How to rebuild the network; null for a custom module class, whose file can then only be read back
    /// with <see cref="LoadWeights"/> into a model built in code.</param>
    public ModelFile(Module model, ModelSpec? spec = null)
    {
        Model = model;
        Spec = spec;
    }

    /// <summary>The network whose weights the file holds.</summary>
    public Module Model { get; }

    /// <summary>How to rebuild <see cref="Model"/>; null when the model is a custom class (weights only).</summary>
    public ModelSpec? Spec { get; }

    /// <summary>Fitted preprocessing that turns raw table rows into the model's input.</summary>
    public ColumnPipeline? Preprocessing { get; init; }

    /// <summary>"classification" or "regression" (free text for other tasks).</summary>
    public string? Task { get; init; }

    /// <summary>Name of the target column the model predicts, when trained from a table.</summary>
    public string? Target { get; init; }

    /// <summary>Class names in output order (index i of the output is ClassLabels[i]).</summary>
    public IReadOnlyList<string>? ClassLabels { get; init; }

    /// <summary>Shape of one input example (without the batch dim).</summary>
    public int[]? InputShape { get; init; }

    /// <summary>Evaluation results to keep with the model (e.g. test accuracy).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Anything else to keep (training configuration, data summary…).</summary>
    public JsonObject Extra { get; init; } = [];

    /// <summary>Writes the file atomically (temporary file, then rename), so a reader never sees half a model.</summary>
    public void Save(string path)
    {
        var manifest = new JsonObject
        {
            ["format"] = "glubina-model",
            ["format_version"] = FormatVersion,
            ["glubina_version"] = typeof(ModelFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            ["runtime"] = Environment.Version.ToString(),
            ["saved_utc"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            ["model_type"] = Model.GetType().Name,
            ["architecture"] = Spec?.ToJson(),
            ["task"] = Task,
            ["target"] = Target,
            ["class_labels"] = ClassLabels is null ? null : new JsonArray(ClassLabels.Select(l => (JsonNode?)l).ToArray()),
            ["input_shape"] = InputShape is null ? null : new JsonArray(InputShape.Select(d => (JsonNode?)d).ToArray()),
            ["preprocessing"] = Preprocessing?.ToJson(),
            ["metrics"] = new JsonObject(Metrics.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["extra"] = Extra.DeepClone(),
        };
        var metadata = new Dictionary<string, string> { [ManifestKey] = manifest.ToJsonString(), ["format"] = "pt" };
        SafeTensors.Save(path, Model.StateDict(), metadata);
    }

    /// <summary>Reads a model file and rebuilds the model from its architecture.</summary>
    /// <exception cref="FormatException">The file is not a Glubina model file, or its parts do not fit together.</exception>
    public static ModelFile Load(string path)
    {
        SafeTensorsFile file = SafeTensors.Load(path);
        JsonObject manifest = ReadManifest(file, path);
        if (manifest["architecture"] is not JsonObject architecture)
            throw new FormatException(
                $"{path}: the model was saved without an architecture (model type '{manifest["model_type"]}'); " +
                "build the model in code and use ModelFile.LoadWeights(model, path).");
        ModelSpec spec = ModelSpec.Parse(architecture.ToJsonString(), path + " (architecture)");
        Module model = spec.BuildModel();
        LoadInto(model, file, path);
        return new ModelFile(model, spec)
        {
            Preprocessing = manifest["preprocessing"] is JsonObject p ? ColumnPipeline.FromJson(p) : null,
            Task = manifest["task"]?.GetValue<string>(),
            Target = manifest["target"]?.GetValue<string>(),
            ClassLabels = manifest["class_labels"] is JsonArray labels ? labels.Select(l => l!.GetValue<string>()).ToArray() : null,
            InputShape = manifest["input_shape"] is JsonArray shape ? shape.Select(d => d!.GetValue<int>()).ToArray() : null,
            Metrics = manifest["metrics"] is JsonObject m ? m.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>()) : new Dictionary<string, double>(),
            Extra = manifest["extra"] is JsonObject extra ? (JsonObject)extra.DeepClone() : [],
        };
    }

    /// <summary>Loads the weights of a model file (or any safetensors file with PyTorch key names) into an existing model.</summary>
    public static void LoadWeights(Module model, string path) => LoadInto(model, SafeTensors.Load(path), path);

    /// <summary>Saves only the weights (the state dict) as safetensors, atomically.</summary>
    public static void SaveWeights(Module model, string path) => SafeTensors.Save(path, model.StateDict());

    private static void LoadInto(Module model, SafeTensorsFile file, string path)
    {
        try
        {
            model.LoadStateDict(file.Tensors);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{path}: the weights do not fit the model: {e.Message}", e);
        }
    }

    private static JsonObject ReadManifest(SafeTensorsFile file, string path)
    {
        if (file.Metadata is null || !file.Metadata.TryGetValue(ManifestKey, out string? text))
            throw new FormatException(
                $"{path}: a safetensors file without a Glubina manifest (metadata '{ManifestKey}'); to use its weights, " +
                "build the model in code and call ModelFile.LoadWeights(model, path).");
        JsonObject manifest;
        try
        {
            manifest = JsonNode.Parse(text) as JsonObject ?? throw new FormatException($"{path}: the manifest is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: the manifest is not valid JSON: {e.Message}", e);
        }
        int version = manifest["format_version"]?.GetValue<int>() ?? 0;
        if (manifest["format"]?.GetValue<string>() != "glubina-model" || version < 1)
            throw new FormatException($"{path}: the manifest does not describe a Glubina model (format '{manifest["format"]}', version {version}).");
        if (version > FormatVersion)
            throw new FormatException($"{path}: model format version {version} is newer than this Glubina understands ({FormatVersion}); upgrade Glubina.");
        return manifest;
    }
}
