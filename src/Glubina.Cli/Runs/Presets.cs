using System.Text.Json.Nodes;
using Glubina.Serialization;

namespace Glubina.Cli.Runs;

/// <summary>The architectures behind <c>--preset</c>, generated as <see cref="ModelSpec"/>s for the shape of the
/// data: an MLP for feature vectors, a small CNN for images [C, H, W], an LSTM or a transformer encoder for token
/// sequences [T].</summary>
internal static class Presets
{
    public static IReadOnlyList<string> Names { get; } = ["mlp", "cnn", "lstm", "transformer"];

    /// <summary>The preset that fits the data when none is named: cnn for images, lstm for sequences, else mlp.</summary>
    public static string Default(int[] inputShape, bool tokens) => tokens ? "lstm" : inputShape.Length == 3 ? "cnn" : "mlp";

    /// <param name="name">A preset name.</param>
    /// <param name="inputShape">One example's shape.</param>
    /// <param name="outputs">Classes, or 1 for regression.</param>
    /// <param name="vocabulary">Token vocabulary size for sequence inputs (null for numbers).</param>
    public static ModelSpec Create(string name, int[] inputShape, int outputs, int? vocabulary)
    {
        string shape = "[" + string.Join(", ", inputShape) + "]";
        return name switch
        {
            "mlp" when inputShape.Length == 1 && vocabulary is null => Mlp(inputShape[0], outputs),
            "mlp" => throw new CliException($"preset 'mlp' needs feature vectors [F]; this data gives examples of shape {shape}{(vocabulary is null ? "" : " (token ids)")}. Try --preset {Default(inputShape, vocabulary is not null)}."),
            "cnn" when inputShape.Length == 3 => Cnn(inputShape[0], inputShape[1], inputShape[2], outputs),
            "cnn" => throw new CliException($"preset 'cnn' needs images [C, H, W]; this data gives examples of shape {shape}. Try --preset {Default(inputShape, vocabulary is not null)}."),
            "lstm" or "transformer" when vocabulary is int v && inputShape.Length == 1 =>
                name == "lstm" ? Lstm(inputShape[0], v, outputs) : Transformer(inputShape[0], v, outputs),
            "lstm" or "transformer" => throw new CliException($"preset '{name}' needs token sequences (a text column); this data gives examples of shape {shape} of numbers. Try --preset {Default(inputShape, false)}."),
            _ => throw new CliException(ClosestNames.Unknown("preset", name, "the presets", [.. Names])),
        };
    }

    private static ModelSpec Mlp(int features, int outputs) => Spec(
        Linear(features, 64), Layer("ReLU"), Layer("Dropout", ("p", 0.1)),
        Linear(64, 64), Layer("ReLU"),
        Linear(64, outputs));

    // Two conv–ReLU–maxpool stages (16 and 32 channels, 3×3, "same" padding), then a 64-unit hidden layer.
    private static ModelSpec Cnn(int channels, int height, int width, int outputs)
    {
        int h = height / 2 / 2, w = width / 2 / 2;
        if (h < 1 || w < 1)
            throw new CliException($"preset 'cnn' needs images of at least 4×4 pixels; these are {height}×{width}.");
        return Spec(
            Conv(channels, 16), Layer("ReLU"), Layer("MaxPool2d", ("kernel_size", 2)),
            Conv(16, 32), Layer("ReLU"), Layer("MaxPool2d", ("kernel_size", 2)),
            Layer("Flatten"),
            Linear(32 * h * w, 64), Layer("ReLU"), Layer("Dropout", ("p", 0.25)),
            Linear(64, outputs));
    }

    private static ModelSpec Lstm(int length, int vocabulary, int outputs) => Spec(
        Layer("Embedding", ("num_embeddings", vocabulary), ("embedding_dim", 32), ("padding_idx", 0)),
        Layer("Lstm", ("input_size", 32), ("hidden_size", 64), ("batch_first", true)),
        Layer("Flatten"),
        Linear(length * 64, outputs));

    private static ModelSpec Transformer(int length, int vocabulary, int outputs) => Spec(
        Layer("Embedding", ("num_embeddings", vocabulary), ("embedding_dim", 32), ("padding_idx", 0)),
        Layer("LearnedPositionalEncoding", ("d_model", 32), ("max_len", length), ("dropout", 0.1), ("batch_first", true)),
        Layer("TransformerEncoder", ("d_model", 32), ("nhead", 4), ("dim_feedforward", 64), ("dropout", 0.1), ("batch_first", true),
            ("num_layers", 2)),
        Layer("Flatten"),
        Linear(length * 32, outputs));

    private static JsonObject Linear(int inFeatures, int outFeatures) =>
        Layer("Linear", ("in_features", inFeatures), ("out_features", outFeatures));

    private static JsonObject Conv(int inChannels, int outChannels) =>
        Layer("Conv2d", ("in_channels", inChannels), ("out_channels", outChannels), ("kernel_size", 3), ("padding", 1));

    private static JsonObject Layer(string type, params (string Name, JsonNode Value)[] args)
    {
        var layer = new JsonObject { ["type"] = type };
        foreach (var (name, value) in args)
            layer[name] = value;
        return layer;
    }

    private static ModelSpec Spec(params JsonObject[] layers) => new(layers);
}
