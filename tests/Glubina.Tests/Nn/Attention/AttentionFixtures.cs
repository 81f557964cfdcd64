using System.Globalization;
using System.Text.Json;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Attention;

/// <summary>Reads tests/fixtures/attention/attention.json (tools/reference/make_attention_fixtures.py, torch.nn in
/// float64 on float32-rounded values) and builds the matching Glubina modules (also the residual networks, whose references live here).</summary>
public static class AttentionFixtures
{
    public sealed record Case(string Name, string Kind, JsonElement Attrs, string[] Params,
        IReadOnlyList<KeyValuePair<string, OpFixtures.TensorData>> State,
        IReadOnlyDictionary<string, OpFixtures.TensorData> Inputs, IReadOnlyDictionary<string, OpFixtures.TensorData> Masks,
        OpFixtures.TensorData Output, OpFixtures.TensorData GradOutput, OpFixtures.TensorData? Weights,
        OpFixtures.TensorData? GradWeights, IReadOnlyDictionary<string, OpFixtures.TensorData> GradInputs,
        IReadOnlyDictionary<string, OpFixtures.TensorData> Grads);

    private static readonly Lazy<Dictionary<string, Case>> s_cases = new(Load);

    public static IReadOnlyDictionary<string, Case> Cases => s_cases.Value;

    private static Dictionary<string, Case> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(OpFixtures.FixturePath(Path.Combine("attention", "attention.json"))));
        var result = new Dictionary<string, Case>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var item = new Case(
                c.GetProperty("name").GetString()!,
                c.GetProperty("kind").GetString()!,
                c.GetProperty("attrs").Clone(),
                c.GetProperty("params").EnumerateArray().Select(p => p.GetString()!).ToArray(),
                ReadMap(c.GetProperty("state")),
                ReadMap(c.GetProperty("inputs")).ToDictionary(),
                ReadMap(c.GetProperty("masks")).ToDictionary(),
                Read(c.GetProperty("output")),
                Read(c.GetProperty("grad_output")),
                ReadNullable(c.GetProperty("weights")),
                ReadNullable(c.GetProperty("grad_weights")),
                ReadMap(c.GetProperty("grad_inputs")).ToDictionary(),
                ReadMap(c.GetProperty("grads")).ToDictionary());
            result.Add(item.Name, item);
        }
        return result;
    }

    private static List<KeyValuePair<string, OpFixtures.TensorData>> ReadMap(JsonElement e) =>
        e.EnumerateObject().Select(p => new KeyValuePair<string, OpFixtures.TensorData>(p.Name, Read(p.Value))).ToList();

    private static OpFixtures.TensorData? ReadNullable(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : Read(e);

    private static OpFixtures.TensorData Read(JsonElement e)
    {
        string dtype = e.GetProperty("dtype").GetString()!;
        int[] shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        double[] data = e.GetProperty("data").EnumerateArray().Select(x => dtype switch
        {
            "float32" => (double)float.Parse(x.GetRawText(), CultureInfo.InvariantCulture),
            "bool" => x.GetBoolean() ? 1.0 : 0.0,
            _ => x.GetDouble(),
        }).ToArray();
        return new OpFixtures.TensorData(dtype, shape, data);
    }

    public static Tensor ToTensor(OpFixtures.TensorData t, DType floatType = DType.Float32) =>
        OpFixtures.ToTensor(t, floatType, strided: false);

    public static Module Build(Case c)
    {
        var a = c.Attrs;
        switch (c.Kind)
        {
            case "mha":
                return new MultiheadAttention(a.GetProperty("embed_dim").GetInt32(), a.GetProperty("num_heads").GetInt32(),
                    bias: a.GetProperty("bias").GetBoolean(), batchFirst: a.GetProperty("batch_first").GetBoolean());
            case "encoder_layer":
                return EncoderLayer(a);
            case "encoder":
                int e = a.GetProperty("d_model").GetInt32();
                return new TransformerEncoder(EncoderLayer(a), a.GetProperty("num_layers").GetInt32(),
                    a.GetProperty("final_norm").GetBoolean() ? new LayerNorm(e) : null);
            case "residual_block":
                return new ResidualBlock(a.GetProperty("in_channels").GetInt32(), a.GetProperty("out_channels").GetInt32(),
                    a.GetProperty("stride").GetInt32());
            case "resnet":
                return new ResNet(a.GetProperty("blocks").EnumerateArray().Select(b => b.GetInt32()).ToArray(),
                    a.GetProperty("num_classes").GetInt32(), a.GetProperty("in_channels").GetInt32(), a.GetProperty("base_width").GetInt32());
            default:
                throw new InvalidOperationException($"No builder for kind '{c.Kind}'.");
        }
    }

    private static TransformerEncoderLayer EncoderLayer(JsonElement a) =>
        new(a.GetProperty("d_model").GetInt32(), a.GetProperty("nhead").GetInt32(), a.GetProperty("dim_feedforward").GetInt32(),
            dropout: 0.0, activation: a.GetProperty("activation").GetString()!, batchFirst: a.GetProperty("batch_first").GetBoolean(),
            normFirst: a.GetProperty("norm_first").GetBoolean());
}
