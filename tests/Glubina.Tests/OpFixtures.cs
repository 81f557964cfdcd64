using System.Text.Json;
using Glubina.Tensors;

namespace Glubina.Tests;

/// <summary>Reads tests/fixtures/ops.json, written by tools/reference/make_op_fixtures.py from PyTorch.</summary>
public static class OpFixtures
{
    public sealed record TensorData(string DType, int[] Shape, double[] Data);

    public sealed record Case(string Op, string Name, JsonElement Attrs, TensorData[] Inputs, TensorData[] Outputs,
        TensorData?[] GradOutputs, TensorData?[] Grads);

    private static readonly Lazy<Dictionary<string, Case>> s_cases = new(Load);

    public static IReadOnlyDictionary<string, Case> Cases => s_cases.Value;

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    private static Dictionary<string, Case> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FixturePath("ops.json")));
        var result = new Dictionary<string, Case>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var item = new Case(
                c.GetProperty("op").GetString()!,
                c.GetProperty("name").GetString()!,
                c.GetProperty("attrs").Clone(),
                ReadList(c.GetProperty("inputs"))!,
                ReadList(c.GetProperty("outputs"))!,
                ReadNullableList(c.GetProperty("grad_outputs")),
                ReadNullableList(c.GetProperty("grads")));
            result.Add(item.Name, item);
        }
        return result;
    }

    private static TensorData[] ReadList(JsonElement e) => e.EnumerateArray().Select(ReadTensor).ToArray();

    private static TensorData?[] ReadNullableList(JsonElement e) =>
        e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Null ? null : ReadTensor(x)).ToArray();

    /// <summary>One tensor of any fixture file: dtype, shape and row-major data.</summary>
    public static TensorData ReadTensor(JsonElement e)
    {
        string dtype = e.GetProperty("dtype").GetString()!;
        int[] shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        // float32 values are written as the shortest text that round-trips the float: parse as float, not double.
        double[] data = e.GetProperty("data").EnumerateArray().Select(x => dtype switch
        {
            "float32" => (double)float.Parse(x.GetRawText(), System.Globalization.CultureInfo.InvariantCulture),
            "bool" => x.GetBoolean() ? 1.0 : 0.0,
            _ => x.GetDouble(),
        }).ToArray();
        return new TensorData(dtype, shape, data);
    }

    /// <summary>A JSON object of named tensors, in file order.</summary>
    public static List<KeyValuePair<string, TensorData>> ReadMap(JsonElement e) =>
        e.EnumerateObject().Select(p => new KeyValuePair<string, TensorData>(p.Name, ReadTensor(p.Value))).ToList();

    /// <summary>A tensor, or null for a JSON null.</summary>
    public static TensorData? ReadNullable(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : ReadTensor(e);

    /// <summary>Builds a tensor with the fixture's values; float data become <paramref name="floatType"/>.
    /// With <paramref name="strided"/> the tensor is a non-contiguous view (every other element of a wider buffer).</summary>
    public static Tensor ToTensor(TensorData t, DType floatType, bool strided)
    {
        Tensor dense = t.DType switch
        {
            "float32" => floatType == DType.Float32
                ? Tensor.FromArray(t.Data.Select(v => (float)v).ToArray(), t.Shape)
                : Tensor.FromArray(t.Data, t.Shape),
            "int64" => Tensor.FromArray(t.Data.Select(v => (long)v).ToArray(), t.Shape),
            "bool" => Tensor.FromArray(t.Data.Select(v => v != 0).ToArray(), t.Shape),
            _ => throw new InvalidOperationException($"Unknown fixture dtype {t.DType}"),
        };
        if (!strided || t.Shape.Length == 0)
            return dense;
        // Same values, laid out as slot 0 of a trailing pair → strides are doubled and the view is not contiguous.
        Tensor wide = Tensor.Stack([dense, Tensor.ZerosLike(dense)], dim: -1);
        Tensor view = wide.Select(-1, 0);
        Assert.True(!view.IsContiguous || view.Numel <= 1);
        return view;
    }
}
