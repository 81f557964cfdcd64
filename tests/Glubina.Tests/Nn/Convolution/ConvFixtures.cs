using System.Globalization;
using System.Text.Json;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Convolution;

/// <summary>Reads tests/fixtures/conv/layers.json (written by tools/reference/make_conv_fixtures.py from torch.nn; the
/// format of nn/layers.json) and builds the matching Glubina layers from PyTorch's constructor arguments.</summary>
public static class ConvFixtures
{
    private static readonly Lazy<Dictionary<string, NnFixtures.LayerCase>> s_layers = new(Load);

    public static IReadOnlyDictionary<string, NnFixtures.LayerCase> Layers => s_layers.Value;

    private static Dictionary<string, NnFixtures.LayerCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(OpFixtures.FixturePath(Path.Combine("conv", "layers.json"))));
        var result = new Dictionary<string, NnFixtures.LayerCase>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var steps = c.GetProperty("steps").EnumerateArray().Select(s => new NnFixtures.Step(
                Read(s.GetProperty("input")), Read(s.GetProperty("output")), Read(s.GetProperty("grad_output")),
                Read(s.GetProperty("grad_input")), ReadMap(s.GetProperty("grads")).ToDictionary(),
                ReadMap(s.GetProperty("buffers")).ToDictionary())).ToArray();
            var item = new NnFixtures.LayerCase(c.GetProperty("name").GetString()!, c.GetProperty("layer").GetString()!,
                c.GetProperty("attrs").Clone(), c.GetProperty("training").GetBoolean(),
                c.GetProperty("params").EnumerateArray().Select(p => p.GetString()!).ToArray(),
                ReadMap(c.GetProperty("state")), steps);
            result.Add(item.Name, item);
        }
        return result;
    }

    private static List<KeyValuePair<string, OpFixtures.TensorData>> ReadMap(JsonElement e) =>
        e.EnumerateObject().Select(p => new KeyValuePair<string, OpFixtures.TensorData>(p.Name, Read(p.Value))).ToList();

    private static OpFixtures.TensorData Read(JsonElement e)
    {
        string dtype = e.GetProperty("dtype").GetString()!;
        int[] shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        double[] data = e.GetProperty("data").EnumerateArray().Select(x => dtype == "float32"
            ? (double)float.Parse(x.GetRawText(), CultureInfo.InvariantCulture)
            : x.GetDouble()).ToArray();
        return new OpFixtures.TensorData(dtype, shape, data);
    }

    private static (int H, int W) Pair(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? (e[0].GetInt32(), e[1].GetInt32())
        : (e.GetInt32(), e.GetInt32());

    private static (int H, int W)? OptionalPair(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : Pair(e);

    private static int? OptionalInt(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();

    public static Module BuildLayer(string layer, JsonElement a, DType dtype = DType.Float32)
    {
        int I(string name) => a.GetProperty(name).GetInt32();
        bool B(string name) => a.GetProperty(name).GetBoolean();
        double D(string name) => a.GetProperty(name).GetDouble();
        JsonElement P(string name) => a.GetProperty(name);
        return layer switch
        {
            "Conv2d" when P("padding").ValueKind == JsonValueKind.String => Pair(P("kernel_size")) is var k && k.H == k.W
                && Pair(P("dilation")) is var d && d.H == d.W && Pair(P("stride")) is var st && st.H == st.W
                ? new Conv2d(I("in_channels"), I("out_channels"), k.H, P("padding").GetString()!, stride: st.H,
                    dilation: d.H, groups: I("groups"), bias: B("bias"), dtype: dtype)
                : new Conv2d(I("in_channels"), I("out_channels"), k, P("padding").GetString()!, Pair(P("stride")),
                    Pair(P("dilation")), I("groups"), B("bias"), dtype: dtype),
            "Conv2d" => new Conv2d(I("in_channels"), I("out_channels"), Pair(P("kernel_size")), Pair(P("stride")), Pair(P("padding")),
                Pair(P("dilation")), I("groups"), B("bias"), dtype: dtype),
            "Conv1d" when P("padding").ValueKind == JsonValueKind.String => new Conv1d(I("in_channels"), I("out_channels"),
                I("kernel_size"), P("padding").GetString()!, I("stride"), I("dilation"), I("groups"), B("bias"), dtype: dtype),
            "Conv1d" => new Conv1d(I("in_channels"), I("out_channels"), I("kernel_size"), I("stride"), I("padding"), I("dilation"),
                I("groups"), B("bias"), dtype: dtype),
            "MaxPool2d" => new MaxPool2d(Pair(P("kernel_size")), OptionalPair(P("stride")), Pair(P("padding")), Pair(P("dilation")), B("ceil_mode")),
            "MaxPool1d" => new MaxPool1d(I("kernel_size"), OptionalInt(P("stride")), I("padding"), I("dilation"), B("ceil_mode")),
            "AvgPool2d" => new AvgPool2d(Pair(P("kernel_size")), OptionalPair(P("stride")), Pair(P("padding")), B("ceil_mode"), B("count_include_pad")),
            "AvgPool1d" => new AvgPool1d(I("kernel_size"), OptionalInt(P("stride")), I("padding"), B("ceil_mode"), B("count_include_pad")),
            "AdaptiveAvgPool2d" => new AdaptiveAvgPool2d(Pair(P("output_size"))),
            "BatchNorm2d" => new BatchNorm2d(I("num_features"), D("eps"), D("momentum"), B("affine"), dtype: dtype),
            "GroupNorm" => new GroupNorm(I("num_groups"), I("num_channels"), D("eps"), B("affine"), dtype),
            "Dropout2d" => new Dropout2d(D("p")),
            "Upsample" => new Upsample(I("scale_factor")),
            _ => throw new InvalidOperationException($"No builder for layer '{layer}'."),
        };
    }
}
