using System.Globalization;
using System.Text.Json;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn;

/// <summary>Reads tests/fixtures/nn/layers.json and losses.json (written by tools/reference/make_nn_fixtures.py
/// from torch.nn) and builds the matching Glubina layers and losses.</summary>
public static class NnFixtures
{
    public sealed record Step(OpFixtures.TensorData Input, OpFixtures.TensorData Output, OpFixtures.TensorData GradOutput,
        OpFixtures.TensorData GradInput, IReadOnlyDictionary<string, OpFixtures.TensorData> Grads,
        IReadOnlyDictionary<string, OpFixtures.TensorData> Buffers);

    public sealed record LayerCase(string Name, string Layer, JsonElement Attrs, bool Training, string[] Params,
        IReadOnlyList<KeyValuePair<string, OpFixtures.TensorData>> State, Step[] Steps);

    public sealed record LossCase(string Name, string Loss, JsonElement Attrs, OpFixtures.TensorData Input,
        OpFixtures.TensorData Target, OpFixtures.TensorData? Weight, OpFixtures.TensorData? PosWeight,
        OpFixtures.TensorData Output, OpFixtures.TensorData GradOutput, OpFixtures.TensorData GradInput);

    private static readonly Lazy<Dictionary<string, LayerCase>> s_layers = new(LoadLayers);
    private static readonly Lazy<Dictionary<string, LossCase>> s_losses = new(LoadLosses);

    public static IReadOnlyDictionary<string, LayerCase> Layers => s_layers.Value;

    public static IReadOnlyDictionary<string, LossCase> Losses => s_losses.Value;

    private static JsonElement Root(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(OpFixtures.FixturePath(Path.Combine("nn", file))));
        return doc.RootElement.Clone();
    }

    private static Dictionary<string, LayerCase> LoadLayers()
    {
        var result = new Dictionary<string, LayerCase>();
        foreach (var c in Root("layers.json").GetProperty("cases").EnumerateArray())
        {
            var steps = c.GetProperty("steps").EnumerateArray().Select(s => new Step(
                Read(s.GetProperty("input")), Read(s.GetProperty("output")), Read(s.GetProperty("grad_output")),
                Read(s.GetProperty("grad_input")), ReadMap(s.GetProperty("grads")).ToDictionary(),
                ReadMap(s.GetProperty("buffers")).ToDictionary())).ToArray();
            var item = new LayerCase(
                c.GetProperty("name").GetString()!,
                c.GetProperty("layer").GetString()!,
                c.GetProperty("attrs").Clone(),
                c.GetProperty("training").GetBoolean(),
                c.GetProperty("params").EnumerateArray().Select(p => p.GetString()!).ToArray(),
                ReadMap(c.GetProperty("state")),
                steps);
            result.Add(item.Name, item);
        }
        return result;
    }

    private static Dictionary<string, LossCase> LoadLosses()
    {
        var result = new Dictionary<string, LossCase>();
        foreach (var c in Root("losses.json").GetProperty("cases").EnumerateArray())
        {
            var item = new LossCase(
                c.GetProperty("name").GetString()!,
                c.GetProperty("loss").GetString()!,
                c.GetProperty("attrs").Clone(),
                Read(c.GetProperty("input")),
                Read(c.GetProperty("target")),
                ReadNullable(c.GetProperty("weight")),
                ReadNullable(c.GetProperty("pos_weight")),
                Read(c.GetProperty("output")),
                Read(c.GetProperty("grad_output")),
                Read(c.GetProperty("grad_input")));
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
        // float32 values are the shortest text that round-trips the float: parse as float, not as double.
        double[] data = e.GetProperty("data").EnumerateArray().Select(x => dtype == "float32"
            ? (double)float.Parse(x.GetRawText(), CultureInfo.InvariantCulture)
            : x.GetDouble()).ToArray();
        return new OpFixtures.TensorData(dtype, shape, data);
    }

    public static Tensor ToTensor(OpFixtures.TensorData t, DType floatType = DType.Float32) =>
        OpFixtures.ToTensor(t, floatType, strided: false);

    // ---- building the Glubina objects from PyTorch's arguments ----

    public static Module BuildLayer(string layer, JsonElement a) => layer switch
    {
        "Linear" => new Linear(a.GetProperty("in_features").GetInt32(), a.GetProperty("out_features").GetInt32(),
            bias: a.GetProperty("bias").GetBoolean()),
        "BatchNorm1d" => new BatchNorm1d(a.GetProperty("num_features").GetInt32(), eps: a.GetProperty("eps").GetDouble(),
            momentum: a.GetProperty("momentum").GetDouble(), affine: a.GetProperty("affine").GetBoolean()),
        "LayerNorm" => new LayerNorm(a.GetProperty("normalized_shape").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
            eps: a.GetProperty("eps").GetDouble(), elementwiseAffine: a.GetProperty("elementwise_affine").GetBoolean()),
        "ReLU" => new ReLU(),
        "LeakyReLU" => new LeakyReLU(a.GetProperty("negative_slope").GetDouble()),
        "ELU" => new ELU(a.GetProperty("alpha").GetDouble()),
        "GELU" => new GELU(a.GetProperty("approximate").GetString()!),
        "Sigmoid" => new Sigmoid(),
        "Tanh" => new Tanh(),
        "SiLU" => new SiLU(),
        "Softmax" => new Softmax(a.GetProperty("dim").GetInt32()),
        "LogSoftmax" => new LogSoftmax(a.GetProperty("dim").GetInt32()),
        "Flatten" => new Flatten(a.GetProperty("start_dim").GetInt32(), a.GetProperty("end_dim").GetInt32()),
        "Identity" => new Identity(),
        "Dropout" => new Dropout(a.GetProperty("p").GetDouble()),
        "Sequential" => new Sequential(a.GetProperty("layers").EnumerateArray()
            .Select(s => BuildLayer(s.GetProperty("layer").GetString()!, s.GetProperty("attrs"))).ToArray()),
        _ => throw new InvalidOperationException($"No builder for layer '{layer}'."),
    };

    public static Reduction ParseReduction(string text) => text switch
    {
        "mean" => Reduction.Mean,
        "sum" => Reduction.Sum,
        "none" => Reduction.None,
        _ => throw new InvalidOperationException($"Unknown reduction '{text}'."),
    };

    public static Loss BuildLoss(LossCase c, DType floatType = DType.Float32)
    {
        var a = c.Attrs;
        Reduction r = ParseReduction(a.GetProperty("reduction").GetString()!);
        Tensor? weight = c.Weight is { } w ? ToTensor(w, floatType) : null;
        Tensor? posWeight = c.PosWeight is { } pw ? ToTensor(pw, floatType) : null;
        return c.Loss switch
        {
            "MseLoss" => new MseLoss(r),
            "L1Loss" => new L1Loss(r),
            "SmoothL1Loss" => new SmoothL1Loss(r, a.GetProperty("beta").GetDouble()),
            "HuberLoss" => new HuberLoss(r, a.GetProperty("delta").GetDouble()),
            "BceLoss" => new BceLoss(r, weight),
            "BceWithLogitsLoss" => new BceWithLogitsLoss(r, weight, posWeight),
            "NllLoss" => new NllLoss(r, weight, a.GetProperty("ignore_index").GetInt64()),
            "CrossEntropyLoss" => new CrossEntropyLoss(r, weight, a.GetProperty("ignore_index").GetInt64(),
                a.GetProperty("label_smoothing").GetDouble()),
            _ => throw new InvalidOperationException($"No builder for loss '{c.Loss}'."),
        };
    }

    // ---- comparison ----

    /// <summary>float32 results against PyTorch's float64 values rounded to float32. 1e-5 relative: a wrong
    /// formula, index or reduction is off by far more; float32 rounding of these small problems is far less.</summary>
    public const double RelativeTolerance = 1e-5;

    public const double AbsoluteTolerance = 2e-6;

    public static void AssertClose(OpFixtures.TensorData expected, Tensor actual, string what,
        double rtol = RelativeTolerance, double atol = AbsoluteTolerance)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.ShapeArray()),
            $"{what}: shape {ShapeMath.Format(actual.Shape)}, PyTorch gives {ShapeMath.Format(expected.Shape)}");
        double[] got = actual.ToDoubleArray();
        for (int i = 0; i < got.Length; i++)
        {
            double e = expected.Data[i], g = got[i];
            double tol = atol + rtol * Math.Abs(e);
            if (!(Math.Abs(e - g) <= tol))
                Assert.Fail($"{what}: element {i} is {g:R}, PyTorch gives {e:R} (|diff| {Math.Abs(e - g):E2} > {tol:E2})");
        }
    }
}
