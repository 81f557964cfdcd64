using System.Text.Json;
using Glubina.Nn;
using Glubina.Tensors;
using Glubina.Testing;

namespace Glubina.Tests.Nn;

/// <summary>Reads the layer cases of tests/fixtures/nn/layers.json and conv/layers.json (written by
/// tools/reference/make_nn_fixtures.py and make_conv_fixtures.py from torch.nn) and nn/losses.json, and builds the
/// matching Glubina losses (layers are built by <see cref="LayerCatalog.FromPyTorch"/>).</summary>
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
        using var doc = JsonDocument.Parse(File.ReadAllText(OpFixtures.FixturePath(file)));
        return doc.RootElement.Clone();
    }

    private static Dictionary<string, LayerCase> LoadLayers()
    {
        var result = new Dictionary<string, LayerCase>();
        foreach (var c in Root("nn/layers.json").GetProperty("cases").EnumerateArray()
            .Concat(Root("conv/layers.json").GetProperty("cases").EnumerateArray()))
        {
            var steps = c.GetProperty("steps").EnumerateArray().Select(s => new Step(
                OpFixtures.ReadTensor(s.GetProperty("input")), OpFixtures.ReadTensor(s.GetProperty("output")), OpFixtures.ReadTensor(s.GetProperty("grad_output")),
                OpFixtures.ReadTensor(s.GetProperty("grad_input")), OpFixtures.ReadMap(s.GetProperty("grads")).ToDictionary(),
                OpFixtures.ReadMap(s.GetProperty("buffers")).ToDictionary())).ToArray();
            var item = new LayerCase(
                c.GetProperty("name").GetString()!,
                c.GetProperty("layer").GetString()!,
                c.GetProperty("attrs").Clone(),
                c.GetProperty("training").GetBoolean(),
                c.GetProperty("params").EnumerateArray().Select(p => p.GetString()!).ToArray(),
                OpFixtures.ReadMap(c.GetProperty("state")),
                steps);
            result.Add(item.Name, item);
        }
        return result;
    }

    private static Dictionary<string, LossCase> LoadLosses()
    {
        var result = new Dictionary<string, LossCase>();
        foreach (var c in Root("nn/losses.json").GetProperty("cases").EnumerateArray())
        {
            var item = new LossCase(
                c.GetProperty("name").GetString()!,
                c.GetProperty("loss").GetString()!,
                c.GetProperty("attrs").Clone(),
                OpFixtures.ReadTensor(c.GetProperty("input")),
                OpFixtures.ReadTensor(c.GetProperty("target")),
                OpFixtures.ReadNullable(c.GetProperty("weight")),
                OpFixtures.ReadNullable(c.GetProperty("pos_weight")),
                OpFixtures.ReadTensor(c.GetProperty("output")),
                OpFixtures.ReadTensor(c.GetProperty("grad_output")),
                OpFixtures.ReadTensor(c.GetProperty("grad_input")));
            result.Add(item.Name, item);
        }
        return result;
    }

    public static Tensor ToTensor(OpFixtures.TensorData t, DType floatType = DType.Float32) =>
        OpFixtures.ToTensor(t, floatType, strided: false);

    // ---- building the losses from PyTorch's arguments ----

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
