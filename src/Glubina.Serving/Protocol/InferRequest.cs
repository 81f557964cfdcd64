using System.Text.Json;
using Glubina.Serving.Models;
using Glubina.Tensors;

namespace Glubina.Serving.Protocol;

/// <summary>
/// An Open Inference Protocol inference request, checked against the model it is for:
/// <c>{"id"?, "parameters"?, "inputs": [{"name", "shape", "datatype", "data"}], "outputs"?: [{"name"}]}</c>.
/// The one input is FP32 "input" of shape [N, ...model input shape]; its data is flat (row-major) or nested.
/// Every problem is a 400 naming the field, the expected and the actual value.
/// </summary>
internal sealed class InferRequest
{
    private const int MaxRank = 8;

    private InferRequest(string? id, Tensor inputs, IReadOnlyList<string> outputs)
    {
        Id = id;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The request id, echoed in the answer.</summary>
    public string? Id { get; }

    /// <summary>The input tensor [N, ...].</summary>
    public Tensor Inputs { get; }

    /// <summary>The outputs to answer, in the model's order.</summary>
    public IReadOnlyList<string> Outputs { get; }

    public static InferRequest Parse(JsonElement root, ServedModel model)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw RequestException.BadInput($"request body: expected a JSON object with \"inputs\", got {RequestException.Describe(root)}.");
        string? id = null;
        if (root.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null)
            id = idElement.ValueKind == JsonValueKind.String
                ? idElement.GetString()
                : throw RequestException.BadInput($"id: expected a string, got {RequestException.Describe(idElement)}.");
        if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
            throw RequestException.BadInput(
                $"inputs: expected an array holding input '{ServedModel.InputName}' ({Signature(model)}), got {(inputs.ValueKind == JsonValueKind.Undefined ? "no \"inputs\" field" : RequestException.Describe(inputs))}.");
        JsonElement? input = null;
        int index = 0;
        foreach (var item in inputs.EnumerateArray())
        {
            string field = $"inputs[{index}]";
            if (item.ValueKind != JsonValueKind.Object)
                throw RequestException.BadInput($"{field}: expected an object with name, shape, datatype and data, got {RequestException.Describe(item)}.");
            string name = RequiredString(item, "name", field);
            if (name != ServedModel.InputName)
                throw RequestException.BadInput($"{field}.name: expected '{ServedModel.InputName}' (the only input of model '{model.Name}'), got {RequestException.Quote(name)}.");
            if (input is not null)
                throw RequestException.BadInput($"{field}.name: input '{ServedModel.InputName}' is given twice; expected it once.");
            input = item;
            index++;
        }
        if (input is null)
            throw RequestException.BadInput($"inputs: expected input '{ServedModel.InputName}' ({Signature(model)}), got an empty list.");
        var tensor = ReadTensor(input.Value, "inputs[0]", model);
        return new InferRequest(id, tensor, RequestedOutputs(root, model));
    }

    /// <summary>"FP32 [-1, 4]": the datatype and shape an input must have.</summary>
    public static string Signature(ServedModel model) => $"FP32 {ShapeText(ExpectedShape(model))}";

    /// <summary>The input shape with -1 for the batch dim and for dims of any size (or [-1] when unknown).</summary>
    public static int[] ExpectedShape(ServedModel model) => model.InputShape is { } s ? [-1, .. s] : [-1];

    private static Tensor ReadTensor(JsonElement input, string field, ServedModel model)
    {
        string datatype = RequiredString(input, "datatype", field);
        if (datatype != "FP32")
            throw RequestException.BadInput($"{field}.datatype: expected FP32, got {RequestException.Quote(datatype)}.");
        int[] shape = ReadShape(input, field, model);
        if (!input.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            throw RequestException.BadInput($"{field}.data: expected an array of numbers, got {(data.ValueKind == JsonValueKind.Undefined ? "no \"data\" field" : RequestException.Describe(data))}.");
        long count = 1;
        foreach (int d in shape)
            count *= d;
        // The shape is the client's claim: values are collected as they are read, never allocated from it up front.
        var values = new List<float>(data.GetArrayLength());
        bool nested = data.GetArrayLength() > 0 && data[0].ValueKind == JsonValueKind.Array;
        if (nested)
            ReadNested(data, shape, 0, values, $"{field}.data");
        else
        {
            if (data.GetArrayLength() != count)
                throw RequestException.BadInput(
                    $"{field}.data: expected {count} values for shape {ShapeText(shape)}, got {data.GetArrayLength()}.");
            foreach (var v in data.EnumerateArray())
                values.Add(ReadNumber(v, $"{field}.data[{values.Count}]"));
        }
        return Tensor.FromArray(values.ToArray(), shape);
    }

    private static int[] ReadShape(JsonElement input, string field, ServedModel model)
    {
        int[] expected = ExpectedShape(model);
        if (!input.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw RequestException.BadInput($"{field}.shape: expected an array like {ShapeText(expected)}, got {(shapeElement.ValueKind == JsonValueKind.Undefined ? "no \"shape\" field" : RequestException.Describe(shapeElement))}.");
        if (shapeElement.GetArrayLength() is 0 or > MaxRank)
            throw RequestException.BadInput($"{field}.shape: expected {ShapeText(expected)}, got {shapeElement.GetArrayLength()} dims.");
        var shape = new int[shapeElement.GetArrayLength()];
        int i = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out shape[i]) || shape[i] < 1)
                throw RequestException.BadInput($"{field}.shape[{i}]: expected a positive whole number, got {RequestException.Describe(d)}.");
            i++;
        }
        bool fits = model.InputShape is null ? shape.Length >= 1 : shape.Length == expected.Length;
        for (int d = 1; fits && d < expected.Length; d++)
            fits = expected[d] < 0 || expected[d] == shape[d];
        if (!fits)
            throw RequestException.BadInput($"{field}.shape: expected {ShapeText(expected)} (-1: any size), got {ShapeText(shape)}.");
        long count = 1;
        foreach (int d in shape)
            count = Math.Min(count * d, (long)int.MaxValue + 1);
        if (count > int.MaxValue)
            throw RequestException.BadInput($"{field}.shape: expected at most {int.MaxValue} values in all, got {ShapeText(shape)}.");
        return shape;
    }

    private static void ReadNested(JsonElement array, int[] shape, int depth, List<float> values, string field)
    {
        if (array.GetArrayLength() != shape[depth])
            throw RequestException.BadInput(
                $"{field}: expected {shape[depth]} entries (dim {depth} of shape {ShapeText(shape)}), got {array.GetArrayLength()}.");
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            string here = $"{field}[{i}]";
            if (depth == shape.Length - 1)
                values.Add(ReadNumber(item, here));
            else if (item.ValueKind != JsonValueKind.Array)
                throw RequestException.BadInput($"{here}: expected an array of {shape[depth + 1]} (dim {depth + 1} of shape {ShapeText(shape)}), got {RequestException.Describe(item)}.");
            else
                ReadNested(item, shape, depth + 1, values, here);
            i++;
        }
    }

    private static float ReadNumber(JsonElement value, string field)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d))
        {
            float f = (float)d;
            if (float.IsFinite(f))
                return f;
        }
        throw RequestException.BadInput($"{field}: expected a finite FP32 number, got {RequestException.Describe(value)}.");
    }

    private static List<string> RequestedOutputs(JsonElement root, ServedModel model)
    {
        if (!root.TryGetProperty("outputs", out var outputs) || outputs.ValueKind == JsonValueKind.Null)
            return model.OutputNames.ToList();
        if (outputs.ValueKind != JsonValueKind.Array)
            throw RequestException.BadInput($"outputs: expected an array of {{\"name\"}} objects, got {RequestException.Describe(outputs)}.");
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        int i = 0;
        foreach (var item in outputs.EnumerateArray())
        {
            string field = $"outputs[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
                throw RequestException.BadInput($"{field}: expected an object with a name, got {RequestException.Describe(item)}.");
            string name = RequiredString(item, "name", field);
            if (!model.OutputNames.Contains(name))
                throw RequestException.BadInput($"{field}.name: expected one of [{string.Join(", ", model.OutputNames)}], got {RequestException.Quote(name)}.");
            wanted.Add(name);
        }
        return model.OutputNames.Where(wanted.Contains).ToList();
    }

    private static string RequiredString(JsonElement obj, string property, string field)
    {
        if (obj.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String)
            return value.GetString()!;
        throw RequestException.BadInput(
            $"{field}.{property}: expected a string, got {(value.ValueKind == JsonValueKind.Undefined ? "no such field" : RequestException.Describe(value))}.");
    }

    public static string ShapeText(IReadOnlyList<int> shape) => $"[{string.Join(", ", shape)}]";
}
