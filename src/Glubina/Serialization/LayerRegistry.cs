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
        "Embedding", "Rnn", "Lstm", "Gru",
        "MultiheadAttention", "TransformerEncoderLayer", "TransformerEncoder", "SinusoidalPositionalEncoding",
        "LearnedPositionalEncoding", "CausalLanguageModel", "RecurrentLanguageModel", "ResidualBlock", "ResNet",
        "Conv1d", "Conv2d", "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool2d", "BatchNorm2d",
        "GroupNorm", "Dropout2d", "Upsample",
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
            "Embedding" => new Embedding(args.Int("num_embeddings"), args.Int("embedding_dim"), args.OptionalInt("padding_idx")),
            "Rnn" => new Rnn(args.Int("input_size"), args.Int("hidden_size"), args.Int("num_layers", 1), args.String("nonlinearity", "tanh"),
                args.Bool("bias", true), args.Bool("batch_first", false), args.Double("dropout", 0), args.Bool("bidirectional", false)),
            "Lstm" => new Lstm(args.Int("input_size"), args.Int("hidden_size"), args.Int("num_layers", 1), args.Bool("bias", true),
                args.Bool("batch_first", false), args.Double("dropout", 0), args.Bool("bidirectional", false)),
            "Gru" => new Gru(args.Int("input_size"), args.Int("hidden_size"), args.Int("num_layers", 1), args.Bool("bias", true),
                args.Bool("batch_first", false), args.Double("dropout", 0), args.Bool("bidirectional", false)),
            "MultiheadAttention" => new MultiheadAttention(args.Int("embed_dim"), args.Int("num_heads"), args.Double("dropout", 0.0),
                args.Bool("bias", true), args.Bool("batch_first", false)),
            "TransformerEncoderLayer" => EncoderLayer(args),
            "TransformerEncoder" => new TransformerEncoder(EncoderLayer(args), args.Int("num_layers"),
                args.Bool("final_norm", false) ? new LayerNorm(args.Int("d_model"), args.Double("layer_norm_eps", 1e-5)) : null),
            "SinusoidalPositionalEncoding" => new SinusoidalPositionalEncoding(args.Int("d_model"), args.Double("dropout", 0.1),
                args.Int("max_len", 5000), args.Bool("batch_first", false)),
            "LearnedPositionalEncoding" => new LearnedPositionalEncoding(args.Int("d_model"), args.Int("max_len"), args.Double("dropout", 0.1),
                args.Bool("batch_first", false)),
            "CausalLanguageModel" => new CausalLanguageModel(args.Int("vocab_size"), args.Int("d_model"), args.Int("num_heads"),
                args.Int("num_layers"), args.Int("max_length"), args.Int("dim_feedforward"), args.Double("dropout", 0.1),
                args.Bool("learned_positions", true), args.Bool("tie_weights", false)),
            "RecurrentLanguageModel" => new RecurrentLanguageModel(args.Int("vocab_size"), args.Int("embedding_dim"), args.Int("hidden_size"),
                args.Int("num_layers", 1), args.String("cell", "lstm"), args.Double("dropout", 0.0)),
            "ResidualBlock" => new ResidualBlock(args.Int("in_channels"), args.Int("out_channels"), args.Int("stride", 1)),
            "ResNet" => new ResNet(args.IntArray("blocks_per_stage"), args.Int("num_classes"), args.Int("in_channels", 3),
                args.Int("base_width", 64), args.Bool("small_inputs", true)),
            "Conv2d" => args.IsString("padding")
                ? new Conv2d(args.Int("in_channels"), args.Int("out_channels"), args.Pair("kernel_size"), args.String("padding", "valid"),
                    args.Pair("stride", 1), args.Pair("dilation", 1), args.Int("groups", 1), args.Bool("bias", true))
                : new Conv2d(args.Int("in_channels"), args.Int("out_channels"), args.Pair("kernel_size"), args.Pair("stride", 1),
                    args.Pair("padding", 0), args.Pair("dilation", 1), args.Int("groups", 1), args.Bool("bias", true)),
            "Conv1d" => args.IsString("padding")
                ? new Conv1d(args.Int("in_channels"), args.Int("out_channels"), args.Int("kernel_size"), args.String("padding", "valid"),
                    args.Int("stride", 1), args.Int("dilation", 1), args.Int("groups", 1), args.Bool("bias", true))
                : new Conv1d(args.Int("in_channels"), args.Int("out_channels"), args.Int("kernel_size"), args.Int("stride", 1),
                    args.Int("padding", 0), args.Int("dilation", 1), args.Int("groups", 1), args.Bool("bias", true)),
            "MaxPool2d" => new MaxPool2d(args.Pair("kernel_size"), args.OptionalPair("stride"), args.Pair("padding", 0), args.Pair("dilation", 1), args.Bool("ceil_mode", false)),
            "MaxPool1d" => new MaxPool1d(args.Int("kernel_size"), args.OptionalInt("stride"), args.Int("padding", 0), args.Int("dilation", 1), args.Bool("ceil_mode", false)),
            "AvgPool2d" => new AvgPool2d(args.Pair("kernel_size"), args.OptionalPair("stride"), args.Pair("padding", 0), args.Bool("ceil_mode", false), args.Bool("count_include_pad", true)),
            "AvgPool1d" => new AvgPool1d(args.Int("kernel_size"), args.OptionalInt("stride"), args.Int("padding", 0), args.Bool("ceil_mode", false), args.Bool("count_include_pad", true)),
            "AdaptiveAvgPool2d" => new AdaptiveAvgPool2d(args.Pair("output_size")),
            "BatchNorm2d" => new BatchNorm2d(args.Int("num_features"), args.Double("eps", 1e-5), args.Double("momentum", 0.1), args.Bool("affine", true)),
            "GroupNorm" => new GroupNorm(args.Int("num_groups"), args.Int("num_channels"), args.Double("eps", 1e-5), args.Bool("affine", true)),
            "Dropout2d" => new Dropout2d(args.Double("p", 0.5)),
            "Upsample" => new Upsample(args.Int("scale_factor"), args.String("mode", "nearest")),
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
        Embedding l => new() { ["type"] = "Embedding", ["num_embeddings"] = l.NumEmbeddings, ["embedding_dim"] = l.EmbeddingDim, ["padding_idx"] = l.PaddingIdx },
        Rnn l => new() { ["type"] = "Rnn", ["input_size"] = l.InputSize, ["hidden_size"] = l.HiddenSize, ["num_layers"] = l.NumLayers, ["nonlinearity"] = l.Nonlinearity, ["bias"] = l.Bias, ["batch_first"] = l.BatchFirst, ["dropout"] = l.Dropout, ["bidirectional"] = l.Bidirectional },
        Lstm l => new() { ["type"] = "Lstm", ["input_size"] = l.InputSize, ["hidden_size"] = l.HiddenSize, ["num_layers"] = l.NumLayers, ["bias"] = l.Bias, ["batch_first"] = l.BatchFirst, ["dropout"] = l.Dropout, ["bidirectional"] = l.Bidirectional },
        Gru l => new() { ["type"] = "Gru", ["input_size"] = l.InputSize, ["hidden_size"] = l.HiddenSize, ["num_layers"] = l.NumLayers, ["bias"] = l.Bias, ["batch_first"] = l.BatchFirst, ["dropout"] = l.Dropout, ["bidirectional"] = l.Bidirectional },
        MultiheadAttention l => new() { ["type"] = "MultiheadAttention", ["embed_dim"] = l.EmbedDim, ["num_heads"] = l.NumHeads, ["dropout"] = l.Dropout, ["bias"] = l.InProjBias is not null, ["batch_first"] = l.BatchFirst },
        TransformerEncoderLayer l => DescribeEncoderLayer(l, "TransformerEncoderLayer"),
        TransformerEncoder { Layers: [TransformerEncoderLayer e, ..] } l => WithEncoder(DescribeEncoderLayer(e, "TransformerEncoder"), l),
        SinusoidalPositionalEncoding l => new() { ["type"] = "SinusoidalPositionalEncoding", ["d_model"] = l.DModel, ["dropout"] = l.DropoutP, ["max_len"] = l.MaxLen, ["batch_first"] = l.BatchFirst },
        LearnedPositionalEncoding l => new() { ["type"] = "LearnedPositionalEncoding", ["d_model"] = l.DModel, ["max_len"] = l.MaxLen, ["dropout"] = l.DropoutP, ["batch_first"] = l.BatchFirst },
        RecurrentLanguageModel l => new() { ["type"] = "RecurrentLanguageModel", ["vocab_size"] = l.VocabSize, ["embedding_dim"] = l.Embedding.EmbeddingDim, ["hidden_size"] = l.Rnn.HiddenSize, ["num_layers"] = l.Rnn.NumLayers, ["cell"] = l.Cell, ["dropout"] = l.DropoutP },
        CausalLanguageModel l => new() { ["type"] = "CausalLanguageModel", ["vocab_size"] = l.VocabSize, ["d_model"] = l.DModel, ["num_heads"] = l.NumHeads, ["num_layers"] = l.NumLayers, ["max_length"] = l.MaxLength, ["dim_feedforward"] = l.DimFeedforward, ["dropout"] = l.DropoutP, ["learned_positions"] = l.LearnedPositions, ["tie_weights"] = l.TiedWeights },
        ResidualBlock l => new() { ["type"] = "ResidualBlock", ["in_channels"] = l.InChannels, ["out_channels"] = l.OutChannels, ["stride"] = l.Stride },
        ResNet l => new() { ["type"] = "ResNet", ["blocks_per_stage"] = new JsonArray(l.BlocksPerStage.Select(b => (JsonNode)b).ToArray()), ["num_classes"] = l.NumClasses, ["in_channels"] = l.InChannels, ["base_width"] = l.BaseWidth, ["small_inputs"] = l.SmallInputs },
        Conv2d l => new() { ["type"] = "Conv2d", ["in_channels"] = l.InChannels, ["out_channels"] = l.OutChannels, ["kernel_size"] = PairNode(l.KernelSize),
            ["stride"] = PairNode(l.Stride), ["padding"] = l.PaddingMode is { } mode ? mode : PairNode(l.Padding), ["dilation"] = PairNode(l.Dilation),
            ["groups"] = l.Groups, ["bias"] = l.Bias is not null },
        Conv1d l => new() { ["type"] = "Conv1d", ["in_channels"] = l.InChannels, ["out_channels"] = l.OutChannels, ["kernel_size"] = l.KernelSize,
            ["stride"] = l.Stride, ["padding"] = l.PaddingMode is { } mode ? mode : l.Padding, ["dilation"] = l.Dilation,
            ["groups"] = l.Groups, ["bias"] = l.Bias is not null },
        MaxPool2d l => new() { ["type"] = "MaxPool2d", ["kernel_size"] = PairNode(l.KernelSize), ["stride"] = PairNode(l.Stride), ["padding"] = PairNode(l.Padding), ["dilation"] = PairNode(l.Dilation), ["ceil_mode"] = l.CeilMode },
        MaxPool1d l => new() { ["type"] = "MaxPool1d", ["kernel_size"] = l.KernelSize, ["stride"] = l.Stride, ["padding"] = l.Padding, ["dilation"] = l.Dilation, ["ceil_mode"] = l.CeilMode },
        AvgPool2d l => new() { ["type"] = "AvgPool2d", ["kernel_size"] = PairNode(l.KernelSize), ["stride"] = PairNode(l.Stride), ["padding"] = PairNode(l.Padding), ["ceil_mode"] = l.CeilMode, ["count_include_pad"] = l.CountIncludePad },
        AvgPool1d l => new() { ["type"] = "AvgPool1d", ["kernel_size"] = l.KernelSize, ["stride"] = l.Stride, ["padding"] = l.Padding, ["ceil_mode"] = l.CeilMode, ["count_include_pad"] = l.CountIncludePad },
        AdaptiveAvgPool2d l => new() { ["type"] = "AdaptiveAvgPool2d", ["output_size"] = PairNode(l.OutputSize) },
        BatchNorm2d l => new() { ["type"] = "BatchNorm2d", ["num_features"] = l.NumFeatures, ["eps"] = l.Eps, ["momentum"] = l.Momentum, ["affine"] = l.Weight is not null },
        GroupNorm l => new() { ["type"] = "GroupNorm", ["num_groups"] = l.NumGroups, ["num_channels"] = l.NumChannels, ["eps"] = l.Eps, ["affine"] = l.Weight is not null },
        Dropout2d l => new() { ["type"] = "Dropout2d", ["p"] = l.P },
        Upsample l => new() { ["type"] = "Upsample", ["scale_factor"] = l.ScaleFactor, ["mode"] = l.Mode },
        _ => throw new NotSupportedException(
            $"Layer {index} ({layer.GetType().Name}) has no JSON description; model files can describe only these layer types: " +
            $"{string.Join(", ", KnownTypes)}. Save the weights alone and rebuild the model in code."),
    };

    private static JsonArray PairNode((int H, int W) pair) => new(pair.H, pair.W);

    private static TransformerEncoderLayer EncoderLayer(LayerArgs args) => new(args.Int("d_model"), args.Int("nhead"),
        args.Int("dim_feedforward", 2048), args.Double("dropout", 0.1), args.String("activation", "relu"),
        args.Double("layer_norm_eps", 1e-5), args.Bool("batch_first", false), args.Bool("norm_first", false));

    private static JsonObject DescribeEncoderLayer(TransformerEncoderLayer e, string type) => new()
    {
        ["type"] = type, ["d_model"] = e.DModel, ["nhead"] = e.NHead, ["dim_feedforward"] = e.DimFeedforward, ["dropout"] = e.DropoutP,
        ["activation"] = e.Activation, ["layer_norm_eps"] = e.LayerNormEps, ["batch_first"] = e.BatchFirst, ["norm_first"] = e.NormFirst,
    };

    private static JsonObject WithEncoder(JsonObject layer, TransformerEncoder encoder)
    {
        layer["num_layers"] = encoder.NumLayers;
        layer["final_norm"] = encoder.Norm is not null;
        return layer;
    }

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

        /// <summary>An int (both dims) or a [h, w] array, as PyTorch's size arguments.</summary>
        public (int H, int W) Pair(string name) => Read(name, ReadPair, default, required: true);

        public (int H, int W) Pair(string name, int fallback) => Read(name, ReadPair, (fallback, fallback), required: false);

        public (int H, int W)? OptionalPair(string name) => Read<(int H, int W)?>(name, n => ReadPair(n), null, required: false);

        public int? OptionalInt(string name) => Read<int?>(name, n => n.GetValue<int>(), null, required: false);

        /// <summary>True when the argument is present and a string (padding "same"/"valid").</summary>
        public bool IsString(string name) => layer[name] is JsonValue v && v.TryGetValue(out string? _);

        private static (int H, int W) ReadPair(JsonNode n) => n is JsonArray a
            ? a.Count == 2 ? (a[0]!.GetValue<int>(), a[1]!.GetValue<int>()) : throw new FormatException($"expected 2 values, got {a.Count}")
            : (n.GetValue<int>(), n.GetValue<int>());

        public void RejectUnused()
        {
            var unknown = layer.Select(kv => kv.Key).Where(k => !_used.Contains(k)).ToList();
            if (unknown.Count > 0)
                throw new FormatException($"layers[{index}] ({type}): unknown argument(s) {string.Join(", ", unknown.Select(u => "\"" + u + "\""))}.");
        }
    }
}
