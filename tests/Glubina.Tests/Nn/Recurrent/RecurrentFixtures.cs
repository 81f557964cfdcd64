using System.Globalization;
using System.Text.Json;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Recurrent;

/// <summary>Reads tests/fixtures/recurrent/*.json (written by tools/reference/make_recurrent_fixtures.py from
/// torch.nn.RNN/LSTM/GRU/Embedding) and builds the matching Glubina layers.</summary>
public static class RecurrentFixtures
{
    private static readonly Lazy<Dictionary<string, JsonElement>> s_recurrent = new(() => Load("recurrent.json"));
    private static readonly Lazy<Dictionary<string, JsonElement>> s_embedding = new(() => Load("embedding.json"));

    public static IReadOnlyDictionary<string, JsonElement> Recurrent => s_recurrent.Value;

    public static IReadOnlyDictionary<string, JsonElement> Embedding => s_embedding.Value;

    private static Dictionary<string, JsonElement> Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(OpFixtures.FixturePath(Path.Combine("recurrent", file))));
        return doc.RootElement.GetProperty("cases").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
    }

    /// <summary>The tensor stored under <paramref name="key"/>, or null for a JSON null.</summary>
    public static OpFixtures.TensorData? Read(JsonElement c, string key) =>
        c.GetProperty(key).ValueKind == JsonValueKind.Null ? null : ReadTensor(c.GetProperty(key));

    public static OpFixtures.TensorData ReadTensor(JsonElement e)
    {
        string dtype = e.GetProperty("dtype").GetString()!;
        int[] shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        double[] data = e.GetProperty("data").EnumerateArray().Select(x => dtype == "float32"
            ? (double)float.Parse(x.GetRawText(), CultureInfo.InvariantCulture)
            : x.GetDouble()).ToArray();
        return new OpFixtures.TensorData(dtype, shape, data);
    }

    public static IEnumerable<KeyValuePair<string, OpFixtures.TensorData>> ReadMap(JsonElement c, string key) =>
        c.GetProperty(key).EnumerateObject().Select(p => new KeyValuePair<string, OpFixtures.TensorData>(p.Name, ReadTensor(p.Value)));

    public static RecurrentBase Build(JsonElement c, DType dtype)
    {
        JsonElement a = c.GetProperty("attrs");
        int input = a.GetProperty("input_size").GetInt32(), hidden = a.GetProperty("hidden_size").GetInt32();
        int layers = a.GetProperty("num_layers").GetInt32();
        bool bias = a.GetProperty("bias").GetBoolean(), batchFirst = a.GetProperty("batch_first").GetBoolean();
        bool bidirectional = a.GetProperty("bidirectional").GetBoolean();
        return c.GetProperty("layer").GetString() switch
        {
            "LSTM" => new Lstm(input, hidden, layers, bias, batchFirst, 0, bidirectional, dtype: dtype),
            "GRU" => new Gru(input, hidden, layers, bias, batchFirst, 0, bidirectional, dtype: dtype),
            "RNN" => new Rnn(input, hidden, layers, a.GetProperty("nonlinearity").GetString()!, bias, batchFirst, 0, bidirectional, dtype: dtype),
            var other => throw new InvalidOperationException($"No builder for recurrent layer '{other}'."),
        };
    }
}
