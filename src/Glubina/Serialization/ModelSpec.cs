using System.Text.Json;
using System.Text.Json.Nodes;
using Glubina.Nn;

namespace Glubina.Serialization;

/// <summary>
/// A declarative description of a network, layer by layer, as Keras' Sequential config: JSON such as
/// <c>{"layers":[{"type":"Linear","in_features":784,"out_features":256},{"type":"ReLU"},…]}</c>. It is stored in
/// model files so a model can be rebuilt without its source code, and is what the CLI's --model SPEC.json reads.
/// Layer types and argument names follow PyTorch (snake_case arguments).
/// </summary>
public sealed class ModelSpec
{
    /// <summary>A spec of the given layers; they are checked when the model is built (<see cref="Parse"/> builds once to check).</summary>
    /// <param name="layers">One JSON object per layer, each with a "type" and its arguments.</param>
    /// <param name="singleModule">The model is <paramref name="layers"/>[0] on its own, not a <see cref="Sequential"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="singleModule"/> is true but there is not exactly one layer.</exception>
    public ModelSpec(IReadOnlyList<JsonObject> layers, bool singleModule = false)
    {
        if (singleModule && layers.Count != 1)
            throw new ArgumentException($"ModelSpec: a single-module spec holds exactly one layer, got {layers.Count}.", nameof(layers));
        Layers = layers;
        SingleModule = singleModule;
    }

    /// <summary>One JSON object per layer, each with a "type" and its arguments.</summary>
    public IReadOnlyList<JsonObject> Layers { get; }

    /// <summary>True when the model is one layer on its own (e.g. a whole language model), not a Sequential of
    /// layers: its state-dict keys then have no "0." prefix. Written as <c>"root": "module"</c>.</summary>
    public bool SingleModule { get; }

    /// <summary>Builds the described model, freshly initialised: the lone module of a single-module spec, else
    /// the <see cref="Sequential"/> of <see cref="Build"/>.</summary>
    public Module BuildModel() => SingleModule ? LayerRegistry.Create(Layers[0], 0) : Build();

    /// <summary>Builds the described network as a <see cref="Sequential"/>, freshly initialised.</summary>
    public Sequential Build()
    {
        var model = new Sequential();
        for (int i = 0; i < Layers.Count; i++)
            model.Add(LayerRegistry.Create(Layers[i], i));
        return model;
    }

    /// <summary>Describes a <see cref="Sequential"/> layer by layer, or any other registered module as a one-module spec;
    /// a layer that is not registered with <see cref="LayerRegistry"/> throws <see cref="NotSupportedException"/>.</summary>
    public static ModelSpec FromModule(Module model)
    {
        if (model is not Sequential sequential)
            return new ModelSpec([LayerRegistry.Describe(model, 0)], singleModule: true);
        return new ModelSpec(sequential.Select((layer, i) => LayerRegistry.Describe(layer, i)).ToArray());
    }

    /// <summary>The spec as the JSON object <see cref="Parse"/> reads: <c>{"layers":[…]}</c>, plus <c>"root":"module"</c>
    /// for a single-module spec. The layer objects are copies.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (SingleModule)
            json["root"] = "module";
        json["layers"] = new JsonArray(Layers.Select(l => (JsonNode)l.DeepClone()).ToArray());
        return json;
    }

    /// <summary><see cref="ToJson"/> as indented JSON text, ready to write to a SPEC.json file.</summary>
    public string ToJsonString() => ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Reads a spec; <paramref name="source"/> names the file in errors.</summary>
    public static ModelSpec Parse(string json, string source = "model spec")
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine}): {e.Message}", e);
        }
        if (root is not JsonObject obj || obj["layers"] is not JsonArray layers)
            throw new FormatException($"{source}: expected an object with a \"layers\" array.");
        var list = new List<JsonObject>();
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] is not JsonObject layer || layer["type"] is not JsonValue)
                throw new FormatException($"{source}: layers[{i}] must be an object with a \"type\".");
            list.Add((JsonObject)layer.DeepClone());
        }
        bool single = obj["root"]?.GetValue<string>() switch
        {
            null or "sequential" => false,
            "module" => true,
            var other => throw new FormatException($"{source}: \"root\" must be \"sequential\" or \"module\", got \"{other}\"."),
        };
        if (single && list.Count != 1)
            throw new FormatException($"{source}: \"root\": \"module\" needs exactly one layer, got {list.Count}.");
        var spec = new ModelSpec(list, single);
        _ = spec.Build(); // validates every layer's type and arguments now, with the layer's position in errors
        return spec;
    }

    /// <summary>Reads and checks the spec in the JSON file at <paramref name="path"/> (see <see cref="Parse"/>).</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="FormatException">The file is not valid JSON or not a spec; the message names the file.</exception>
    public static ModelSpec Load(string path) => Parse(File.ReadAllText(path), path);
}
