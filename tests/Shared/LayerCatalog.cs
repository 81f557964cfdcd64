using System.Text.Json;
using System.Text.Json.Nodes;
using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;

namespace Glubina.Testing;

/// <summary>
/// The one list of layer cases, as PyTorch's ModuleInfo: the layer harness, the model-file round trip and the ONNX
/// export check run over <see cref="All"/>, and the PyTorch fixture comparisons build their layers with
/// <see cref="FromPyTorch"/>. Adding a layer: an entry here and its fixture line in tools/reference.
/// </summary>
public static class LayerCatalog
{
    /// <summary>A layer to check. <see cref="Create"/> gets the generator for its initialisation (and dropout masks)
    /// and is called inside <see cref="Tensor.UseDefaultDType"/> for the dtype to build in, which it may also pass on.
    /// <see cref="PyTorchParameters"/> is <c>sum(p.numel() for p in m.parameters())</c> of the same torch.nn module.</summary>
    public sealed record Entry(string Name, Func<Generator, DType, Module> Create, int[] InputShape, int[] OutputShape,
        long PyTorchParameters)
    {
        /// <summary>Builds the layer in <paramref name="dtype"/>.</summary>
        public Module Build(Generator generator, DType dtype = DType.Float32)
        {
            using (Tensor.UseDefaultDType(dtype))
                return Create(generator, dtype);
        }

        public override string ToString() => Name;
    }

    public static IReadOnlyList<Entry> All { get; } =
    [
        // Dense, normalization and activation layers.
        new("Linear(784,256)", (g, t) => new Linear(784, 256, generator: g, dtype: t), [3, 784], [3, 256], 200_960),
        new("Linear(3,5,bias=False) on 3-D input", (g, t) => new Linear(3, 5, bias: false, generator: g, dtype: t), [4, 2, 3], [4, 2, 5], 15),
        new("BatchNorm1d(4) on [N,C]", (g, t) => new BatchNorm1d(4), [6, 4], [6, 4], 8),
        new("BatchNorm1d(4) on [N,C,L]", (g, t) => new BatchNorm1d(4), [3, 4, 5], [3, 4, 5], 8),
        new("BatchNorm1d(4,affine=False)", (g, t) => new BatchNorm1d(4, affine: false), [6, 4], [6, 4], 0),
        new("LayerNorm(5)", (g, t) => new LayerNorm(5), [4, 5], [4, 5], 10),
        new("LayerNorm([3,4])", (g, t) => new LayerNorm([3, 4]), [2, 3, 4], [2, 3, 4], 24),
        new("LayerNorm(5,elementwise_affine=False)", (g, t) => new LayerNorm(5, elementwiseAffine: false), [4, 5], [4, 5], 0),
        new("ReLU", (g, t) => new ReLU(), [3, 4], [3, 4], 0),
        new("LeakyReLU(0.2)", (g, t) => new LeakyReLU(0.2), [3, 4], [3, 4], 0),
        new("ELU(0.5)", (g, t) => new ELU(0.5), [3, 4], [3, 4], 0),
        new("GELU()", (g, t) => new GELU(), [3, 4], [3, 4], 0),
        new("GELU(tanh)", (g, t) => new GELU("tanh"), [3, 4], [3, 4], 0),
        new("Sigmoid", (g, t) => new Sigmoid(), [3, 4], [3, 4], 0),
        new("Tanh", (g, t) => new Tanh(), [3, 4], [3, 4], 0),
        new("SiLU", (g, t) => new SiLU(), [3, 4], [3, 4], 0),
        new("Softmax(1)", (g, t) => new Softmax(1), [3, 5], [3, 5], 0),
        new("LogSoftmax(-1) on 3-D input", (g, t) => new LogSoftmax(-1), [2, 3, 4], [2, 3, 4], 0),
        new("Flatten()", (g, t) => new Flatten(), [2, 3, 4], [2, 12], 0),
        new("Identity", (g, t) => new Identity(), [3, 4], [3, 4], 0),
        new("Dropout(0.3)", (g, t) => new Dropout(0.3, g), [4, 6], [4, 6], 0),
        new("Sequential MLP 784-256-128-10", (g, t) => new Sequential(
            new Linear(784, 256, generator: g, dtype: t), new ReLU(),
            new Linear(256, 128, generator: g, dtype: t), new ReLU(),
            new Linear(128, 10, generator: g, dtype: t)), [2, 784], [2, 10], 235_146),
        new("Sequential Linear-BatchNorm1d-GELU-Linear", (g, t) => new Sequential(
            new Linear(6, 8, generator: g, dtype: t), new BatchNorm1d(8), new GELU(),
            new Linear(8, 3, generator: g, dtype: t)), [5, 6], [5, 3], 99),
        // Convolution, pooling and image normalization.
        new("Conv2d(3,4,3)", (g, t) => new Conv2d(3, 4, 3, generator: g, dtype: t), [2, 3, 6, 5], [2, 4, 4, 3], 112),
        new("Conv2d(2,6,(3,2),stride=(2,1),padding=(1,0),dilation=(1,2),groups=2)",
            (g, t) => new Conv2d(2, 6, (3, 2), (2, 1), (1, 0), (1, 2), groups: 2, generator: g, dtype: t), [2, 2, 7, 6], [2, 6, 4, 4], 42),
        new("Conv2d(4,4,3,padding=1,groups=4) depthwise", (g, t) => new Conv2d(4, 4, 3, padding: 1, groups: 4, generator: g, dtype: t),
            [2, 4, 5, 5], [2, 4, 5, 5], 40),
        new("Conv2d(3,2,4,padding=same,bias=False)", (g, t) => new Conv2d(3, 2, 4, "same", bias: false, generator: g, dtype: t),
            [2, 3, 5, 6], [2, 2, 5, 6], 96),
        new("Conv2d(5,3,1) pointwise", (g, t) => new Conv2d(5, 3, 1, generator: g, dtype: t), [2, 5, 3, 4], [2, 3, 3, 4], 18),
        new("Conv1d(3,4,3,stride=2,padding=1)", (g, t) => new Conv1d(3, 4, 3, stride: 2, padding: 1, generator: g, dtype: t),
            [2, 3, 9], [2, 4, 5], 40),
        new("Conv1d(4,2,3,padding=same,dilation=2,groups=2)", (g, t) => new Conv1d(4, 2, 3, "same", dilation: 2, groups: 2, generator: g, dtype: t),
            [2, 4, 7], [2, 2, 7], 14),
        new("ConvTranspose2d(3,4,3,stride=2,padding=1,output_padding=1)", (g, t) =>
            new ConvTranspose2d(3, 4, 3, stride: 2, padding: 1, outputPadding: 1, generator: g, dtype: t), [2, 3, 4, 5], [2, 4, 8, 10], 112),
        new("ConvTranspose2d(4,6,(3,2),stride=(1,2),padding=(2,0),groups=2,dilation=(2,1),bias=False)", (g, t) =>
            new ConvTranspose2d(4, 6, (3, 2), (1, 2), (2, 0), (0, 0), 2, false, (2, 1), g, t), [2, 4, 5, 4], [2, 6, 5, 8], 72),
        new("ConvTranspose2d(2,3,2,stride=3,padding=2) crops", (g, t) =>
            new ConvTranspose2d(2, 3, 2, stride: 3, padding: 2, generator: g, dtype: t), [1, 2, 4, 4], [1, 3, 7, 7], 27),
        new("MaxPool2d(3,2,1)", (g, t) => new MaxPool2d(3, 2, 1), [2, 2, 7, 6], [2, 2, 4, 3], 0),
        new("MaxPool2d(2,ceil_mode)", (g, t) => new MaxPool2d(2, ceilMode: true), [2, 2, 5, 5], [2, 2, 3, 3], 0),
        new("MaxPool1d(3,2)", (g, t) => new MaxPool1d(3, 2), [2, 3, 9], [2, 3, 4], 0),
        new("AvgPool2d(3,2,1)", (g, t) => new AvgPool2d(3, 2, 1), [2, 2, 7, 6], [2, 2, 4, 3], 0),
        new("AvgPool2d(2,count_include_pad=False,ceil)", (g, t) => new AvgPool2d(3, 2, 1, ceilMode: true, countIncludePad: false),
            [1, 2, 6, 6], [1, 2, 4, 4], 0),
        new("AvgPool1d(2)", (g, t) => new AvgPool1d(2), [2, 3, 9], [2, 3, 4], 0),
        new("AdaptiveAvgPool2d((3,2))", (g, t) => new AdaptiveAvgPool2d((3, 2)), [2, 3, 7, 5], [2, 3, 3, 2], 0),
        new("AdaptiveAvgPool2d(1) global", (g, t) => new AdaptiveAvgPool2d(1), [2, 3, 4, 5], [2, 3, 1, 1], 0),
        new("BatchNorm2d(3)", (g, t) => new BatchNorm2d(3, dtype: t), [2, 3, 4, 3], [2, 3, 4, 3], 6),
        new("BatchNorm2d(3,affine=False)", (g, t) => new BatchNorm2d(3, affine: false, dtype: t), [2, 3, 4, 3], [2, 3, 4, 3], 0),
        new("GroupNorm(2,4)", (g, t) => new GroupNorm(2, 4, dtype: t), [2, 4, 3, 3], [2, 4, 3, 3], 8),
        new("GroupNorm(3,6,affine=False) on [N,C,L]", (g, t) => new GroupNorm(3, 6, affine: false, dtype: t), [2, 6, 5], [2, 6, 5], 0),
        new("Dropout2d(0.3)", (g, t) => new Dropout2d(0.3, g), [3, 4, 2, 3], [3, 4, 2, 3], 0),
        new("Upsample(2)", (g, t) => new Upsample(2), [2, 3, 3, 2], [2, 3, 6, 4], 0),
        new("Upsample(3) on [N,C,L]", (g, t) => new Upsample(3), [2, 2, 4], [2, 2, 12], 0),
        new("Sequential LeNet-style conv block", (g, t) => new Sequential(
            new Conv2d(1, 4, 5, padding: 2, generator: g, dtype: t), new BatchNorm2d(4, dtype: t), new ReLU(), new MaxPool2d(2),
            new Conv2d(4, 6, 3, generator: g, dtype: t), new GroupNorm(2, 6, dtype: t), new Tanh(), new AdaptiveAvgPool2d(1),
            new Flatten(), new Linear(6, 3, generator: g, dtype: t)), [2, 1, 10, 10], [2, 3], 104 + 8 + 222 + 12 + 21),
        // Attention, positional encodings and residual networks.
        new("MultiheadAttention(8,2) self, [L,N,E]", (g, t) => new MultiheadAttention(8, 2, generator: g, dtype: t), [5, 3, 8], [5, 3, 8], 288),
        new("MultiheadAttention(16,4,bias=False,dropout=0.2,batch_first)", (g, t) =>
            new MultiheadAttention(16, 4, dropout: 0.2, bias: false, batchFirst: true, generator: g, dtype: t), [2, 6, 16], [2, 6, 16], 1024),
        new("TransformerEncoderLayer(8,2,16) post-norm relu", (g, t) =>
            new TransformerEncoderLayer(8, 2, 16, dropout: 0, generator: g), [5, 3, 8], [5, 3, 8], 600),
        new("TransformerEncoderLayer(16,4,32) pre-norm gelu dropout batch_first", (g, t) =>
            new TransformerEncoderLayer(16, 4, 32, dropout: 0.1, activation: "gelu", batchFirst: true, normFirst: true, generator: g),
            [2, 4, 16], [2, 4, 16], 2224),
        // GELU rather than ReLU: a ReLU kink within the float32 difference step (1e-2) of two stacked layers spoils the
        // finite difference (the exact gradients are checked against PyTorch in AttentionFixtureTests).
        new("TransformerEncoder(2 layers gelu, final norm)", (g, t) =>
            new TransformerEncoder(new TransformerEncoderLayer(8, 2, 16, dropout: 0, activation: "gelu", generator: g), 2, new LayerNorm(8)), [4, 2, 8], [4, 2, 8], 1216),
        new("SinusoidalPositionalEncoding(8, dropout=0.1)", (g, t) => new SinusoidalPositionalEncoding(8, 0.1, 20, generator: g), [6, 2, 8], [6, 2, 8], 0),
        new("LearnedPositionalEncoding(8, 10, batch_first)", (g, t) =>
            new LearnedPositionalEncoding(8, 10, dropout: 0, batchFirst: true, std: 1, generator: g, dtype: t), [2, 6, 8], [2, 6, 8], 80),
        new("ResidualBlock(4,4) identity shortcut", (g, t) => new ResidualBlock(4, 4, generator: g, dtype: t), [2, 4, 5, 5], [2, 4, 5, 5], 304),
        new("ResidualBlock(3,6,stride=2) projection shortcut", (g, t) => new ResidualBlock(3, 6, 2, g, t), [2, 3, 7, 6], [2, 6, 4, 3], 540),
        new("ResNet([1,2], 3 classes, width 4)", (g, t) => new ResNet([1, 2], 3, 3, 4, generator: g, dtype: t), [2, 3, 8, 8], [2, 3], 2575),
        // Recurrent layers.
        new("LSTM(4,6)", (g, t) => new Lstm(4, 6, generator: g, dtype: t), [5, 3, 4], [5, 3, 6], 288),
        new("LSTM(4,6,num_layers=2,dropout=0.3)", (g, t) => new Lstm(4, 6, numLayers: 2, dropout: 0.3, generator: g, dtype: t), [5, 3, 4], [5, 3, 6], 624),
        new("GRU(4,5,num_layers=2,batch_first,bidirectional)", (g, t) => new Gru(4, 5, numLayers: 2, batchFirst: true, bidirectional: true, generator: g, dtype: t), [3, 5, 4], [3, 5, 10], 840),
        new("RNN(4,5,num_layers=2,relu,bias=False)", (g, t) => new Rnn(4, 5, numLayers: 2, nonlinearity: "relu", bias: false, generator: g, dtype: t), [5, 3, 4], [5, 3, 5], 95),
        new("RNN(4,5) unbatched", (g, t) => new Rnn(4, 5, generator: g, dtype: t), [6, 4], [6, 5], 55),
        new("RnnLastState(LSTM(4,6,bidirectional))", (g, t) => new RnnLastState(new Lstm(4, 6, bidirectional: true, generator: g, dtype: t)), [5, 3, 4], [3, 12], 576),
    ];

    /// <summary>The entry named <paramref name="name"/>.</summary>
    public static Entry Named(string name) => All.Single(e => e.Name == name);

    // PyTorch's names in the fixtures (class names, or the attention fixture's kinds) that differ from Glubina's.
    private static readonly Dictionary<string, string> s_types = new(StringComparer.Ordinal)
    {
        ["RNN"] = "Rnn", ["LSTM"] = "Lstm", ["GRU"] = "Gru", ["mha"] = "MultiheadAttention",
        ["encoder_layer"] = "TransformerEncoderLayer", ["encoder"] = "TransformerEncoder",
        ["residual_block"] = "ResidualBlock", ["resnet"] = "ResNet",
    };

    private static readonly Dictionary<string, string> s_arguments = new(StringComparer.Ordinal) { ["blocks"] = "blocks_per_stage" };

    /// <summary>The Glubina layer type of a fixture's torch.nn class name or attention-fixture kind.</summary>
    public static string GlubinaType(string pytorchName) => s_types.GetValueOrDefault(pytorchName, pytorchName);

    /// <summary>
    /// The layer a fixture case describes with torch.nn's class and constructor arguments, built through
    /// <see cref="LayerRegistry"/> in <paramref name="dtype"/>: the fixtures double as model-file descriptions. Fixture
    /// attributes that are call arguments (need_weights) rather than constructor arguments are left out, and dropout is
    /// 0 unless given, as the references ran deterministically.
    /// </summary>
    public static Module FromPyTorch(string layer, JsonElement attrs, DType dtype = DType.Float32)
    {
        if (layer == "Sequential")
            return new Sequential(attrs.GetProperty("layers").EnumerateArray()
                .Select(l => FromPyTorch(l.GetProperty("layer").GetString()!, l.GetProperty("attrs"), dtype)).ToArray());
        string type = GlubinaType(layer);
        var arguments = LayerRegistry.Arguments(type).Select(a => a.Name).ToHashSet();
        var description = new JsonObject { ["type"] = type };
        foreach (JsonProperty attr in attrs.EnumerateObject())
        {
            string name = s_arguments.GetValueOrDefault(attr.Name, attr.Name);
            if (arguments.Contains(name))
                description[name] = JsonNode.Parse(attr.Value.GetRawText());
        }
        if (arguments.Contains("dropout"))
            description.TryAdd("dropout", 0.0);
        using (Tensor.UseDefaultDType(dtype))
            return LayerRegistry.Create(description, 0);
    }
}
