using System.Text.Json.Nodes;
using Glubina.Nn;

namespace Glubina.Serialization;

/// <summary>Maps layer types to and from their JSON description (type name and PyTorch-style arguments).
/// Adding a layer type: one case in <see cref="Create"/> and one in <see cref="Describe"/>.</summary>
public static class LayerRegistry
{
    /// <summary>Layer types a spec may name.</summary>
    public static IReadOnlyList<string> KnownTypes { get; } =
    [
        "Linear", "ReLU", "LeakyReLU", "ELU", "GELU", "SiLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax",
        "Dropout", "BatchNorm1d", "LayerNorm", "Flatten", "Identity",
    ];

    public static Module Create(JsonObject layer, int index)
    {
        string type = layer["type"]?.GetValue<string>() ?? "";
        var args = new LayerArgs(layer, index, type);
        Module module = type switch
        {
            "Linear" => new Linear(args.Int("in_features"), args.Int("out_features"), args.Bool("bias", true)),
            "ReLU" => new ReLU(),
            "LeakyReLU" => new LeakyReLU(args.Double("negative_slope", 0.01)),
            "ELU" => new ELU(args.Double("alpha", 1.0)),
            "GELU" => new GELU(args.String("approximate", "none")),
            "SiLU" => new SiLU(),
            "Sigmoid" => new Sigmoid(),
            "Tanh" => new Tanh(),
            "Softmax" => new Softmax(args.Int("dim", -1)),
            "LogSoftmax" => new LogSoftmax(args.Int("dim", -1)),
            "Dropout" => new Dropout(args.Double("p", 0.5)),
            "BatchNorm1d" => new BatchNorm1d(args.Int("num_features"), args.Double("eps", 1e-5), args.Double("momentum", 0.1), args.Bool("affine", true)),
            "LayerNorm" => new LayerNorm(args.IntArray("normalized_shape"), args.Double("eps", 1e-5), args.Bool("elementwise_affine", true)),
            "Flatten" => new Flatten(args.Int("start_dim", 1), args.Int("end_dim", -1)),
            "Identity" => new Identity(),
            _ => throw new FormatException(
                $"layers[{index}]: unknown layer type '{type}'. Known types: {string.Join(", ", KnownTypes)}."),
        };
        args.RejectUnused();
        return module;
    }

    public static JsonObject Describe(Module layer, int index) => layer switch
    {
        Linear l => new() { ["type"] = "Linear", ["in_features"] = l.InFeatures, ["out_features"] = l.OutFeatures, ["bias"] = l.Bias is not null },
        ReLU => new() { ["type"] = "ReLU" },
        LeakyReLU l => new() { ["type"] = "LeakyReLU", ["negative_slope"] = l.NegativeSlope },
        ELU l => new() { ["type"] = "ELU", ["alpha"] = l.Alpha },
        GELU l => new() { ["type"] = "GELU", ["approximate"] = l.Approximate },
        SiLU => new() { ["type"] = "SiLU" },
        Sigmoid => new() { ["type"] = "Sigmoid" },
        Tanh => new() { ["type"] = "Tanh" },
        Softmax l => new() { ["type"] = "Softmax", ["dim"] = l.Dim },
        LogSoftmax l => new() { ["type"] = "LogSoftmax", ["dim"] = l.Dim },
        Dropout l => new() { ["type"] = "Dropout", ["p"] = l.P },
        BatchNorm1d l => new() { ["type"] = "BatchNorm1d", ["num_features"] = l.NumFeatures, ["eps"] = l.Eps, ["momentum"] = l.Momentum, ["affine"] = l.Weight is not null },
        LayerNorm l => new() { ["type"] = "LayerNorm", ["normalized_shape"] = new JsonArray(l.NormalizedShape.Select(d => (JsonNode)d).ToArray()), ["eps"] = l.Eps, ["elementwise_affine"] = l.Weight is not null },
        Flatten l => new() { ["type"] = "Flatten", ["start_dim"] = l.StartDim, ["end_dim"] = l.EndDim },
        Identity => new() { ["type"] = "Identity" },
        _ => throw new NotSupportedException(
            $"Layer {index} ({layer.GetType().Name}) has no JSON description; model files can describe only these layer types: " +
            $"{string.Join(", ", KnownTypes)}. Save the weights alone and rebuild the model in code."),
    };

    /// <summary>Typed access to a layer's arguments, with errors naming the layer and argument.</summary>
    private sealed class LayerArgs(JsonObject layer, int index, string type)
    {
        private readonly HashSet<string> _used = ["type"];

        private JsonNode? Get(string name)
        {
            _used.Add(name);
            return layer[name];
        }

        private T Read<T>(string name, Func<JsonNode, T> read, T? fallback, bool required)
        {
            JsonNode? node = Get(name);
            if (node is null)
                return required
                    ? throw new FormatException($"layers[{index}] ({type}): missing required argument \"{name}\".")
                    : fallback!;
            try
            {
                return read(node);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new FormatException($"layers[{index}] ({type}): argument \"{name}\" has the wrong type ({node.ToJsonString()}): expected {typeof(T).Name}.", e);
            }
        }

        public int Int(string name) => Read(name, n => n.GetValue<int>(), 0, required: true);

        public int Int(string name, int fallback) => Read(name, n => n.GetValue<int>(), fallback, required: false);

        public double Double(string name, double fallback) => Read(name, n => n.GetValue<double>(), fallback, required: false);

        public bool Bool(string name, bool fallback) => Read(name, n => n.GetValue<bool>(), fallback, required: false);

        public string String(string name, string fallback) => Read(name, n => n.GetValue<string>(), fallback, required: false);

        public int[] IntArray(string name) => Read(name, n => n is JsonArray a ? a.Select(x => x!.GetValue<int>()).ToArray() : [n.GetValue<int>()], [], required: true);

        public void RejectUnused()
        {
            var unknown = layer.Select(kv => kv.Key).Where(k => !_used.Contains(k)).ToList();
            if (unknown.Count > 0)
                throw new FormatException($"layers[{index}] ({type}): unknown argument(s) {string.Join(", ", unknown.Select(u => "\"" + u + "\""))}.");
        }
    }
}
