using System.Text.Json;
using System.Text.Json.Nodes;

namespace Glubina.Data.Preprocessing;

/// <summary>Saving and loading of <see cref="ColumnPipeline"/> (fitted state as JSON).</summary>
public sealed partial class ColumnPipeline
{
    /// <summary>The JSON "format" marker of a saved pipeline.</summary>
    public const string JsonFormat = "glubina.column_pipeline";

    private const int JsonVersion = 1;

    /// <summary>
    /// The pipeline as JSON: <c>{"format", "version", "params", "steps": [{"name", "columns", "transformer"}],
    /// "fitted": null | {"remainder_columns", "feature_names"}}</c>. Doubles are written so that they read back
    /// bit-identical; a pipeline read with <see cref="FromJson"/> transforms exactly like this one.
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["format"] = JsonFormat,
        ["version"] = JsonVersion,
        ["params"] = new JsonObject
        {
            ["remainder"] = Remainder == Remainder.Drop ? "drop" : "passthrough",
            ["verbose_feature_names"] = VerboseFeatureNames,
            ["allow_nan"] = AllowNaN,
        },
        ["steps"] = new JsonArray(_steps.Select(s => (JsonNode?)new JsonObject
        {
            ["name"] = s.Name,
            ["columns"] = JsonState.Strings(s.Columns),
            ["transformer"] = s.Transformer.ToJson(),
        }).ToArray()),
        ["fitted"] = _featureNames is null ? null : new JsonObject
        {
            ["remainder_columns"] = JsonState.Schema(_remainder!),
            ["feature_names"] = JsonState.Strings(_featureNames),
        },
    };

    /// <summary>Reads a pipeline written by <see cref="ToJson"/>; its transformers go through
    /// <see cref="TransformerRegistry.FromJson"/>.</summary>
    public static ColumnPipeline FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        const string owner = nameof(ColumnPipeline);
        string format = JsonState.String(json, "format", owner);
        if (format != JsonFormat)
            throw new FormatException($"{owner} JSON: format must be '{JsonFormat}', got '{format}'.");
        int version = JsonState.Int(json, "version", owner);
        if (version != JsonVersion)
            throw new FormatException($"{owner} JSON: version {version} is not supported; this build reads version {JsonVersion}.");
        var p = JsonState.Object(json, "params", owner);
        string remainder = JsonState.String(p, "remainder", owner);
        var pipeline = new ColumnPipeline(
            remainder switch
            {
                "drop" => Remainder.Drop,
                "passthrough" => Remainder.Passthrough,
                _ => throw new FormatException($"{owner} JSON: remainder must be drop or passthrough; got '{remainder}'."),
            },
            JsonState.Bool(p, "verbose_feature_names", owner),
            JsonState.Bool(p, "allow_nan", owner));
        var steps = JsonState.Array(json, "steps", owner);
        for (int i = 0; i < steps.Count; i++)
        {
            var step = steps[i] as JsonObject ?? throw new FormatException($"{owner} JSON: steps[{i}] must be an object.");
            pipeline.Add(JsonState.String(step, "name", owner),
                TransformerRegistry.FromJson(JsonState.Object(step, "transformer", owner)),
                JsonState.Strings(step, "columns", owner));
        }
        if (!JsonState.IsNull(json, "fitted"))
            pipeline.LoadFitted(JsonState.Object(json, "fitted", owner));
        return pipeline;
    }

    private void LoadFitted(JsonObject fitted)
    {
        const string owner = nameof(ColumnPipeline);
        var names = new List<string>();
        var owners = new List<int>();
        for (int s = 0; s < _steps.Count; s++)
        {
            var step = _steps[s];
            if (!step.Transformer.IsFitted)
                throw new FormatException($"{owner} JSON: the pipeline is marked fitted but step '{step.Name}' has no state.");
            var inputs = step.Transformer.InputColumns.Select(c => c.Name);
            if (!inputs.SequenceEqual(step.Columns))
                throw new FormatException(
                    $"{owner} JSON: step '{step.Name}' names columns [{string.Join(", ", step.Columns)}] but its transformer " +
                    $"was fitted on [{string.Join(", ", inputs)}].");
            foreach (string n in step.Transformer.OutputColumns)
            {
                names.Add(VerboseFeatureNames ? $"{step.Name}__{n}" : n);
                owners.Add(s);
            }
        }
        var remainder = JsonState.Schema(fitted, "remainder_columns", owner);
        foreach (var c in remainder)
        {
            names.Add(VerboseFeatureNames ? $"remainder__{c.Name}" : c.Name);
            owners.Add(-1);
        }
        string[] saved = JsonState.Strings(fitted, "feature_names", owner);
        if (!saved.SequenceEqual(names))
            throw new FormatException(
                $"{owner} JSON: saved feature_names ({saved.Length}) do not match the ones the steps produce ({names.Count}); " +
                $"first difference at index {Enumerable.Range(0, Math.Min(saved.Length, names.Count)).FirstOrDefault(i => saved[i] != names[i], Math.Min(saved.Length, names.Count))}.");
        SetFeatures(names, owners, remainder);
    }

    /// <summary>Writes <see cref="ToJson"/> to a file (UTF-8, indented).</summary>
    public void Save(string path) =>
        File.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>Reads a pipeline saved with <see cref="Save"/>.</summary>
    public static ColumnPipeline Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"ColumnPipeline: file '{path}' does not exist.", path);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"ColumnPipeline: '{path}' is not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }
        return FromJson(node as JsonObject ?? throw new FormatException($"ColumnPipeline: '{path}' does not hold a JSON object."));
    }
}
