using System.Text.Json;
using Glubina.Nn;
using Glubina.Tensors;
using Glubina.Testing;

namespace Glubina.Tests.Nn.Recurrent;

/// <summary>Reads tests/fixtures/recurrent/*.json (written by tools/reference/make_recurrent_fixtures.py from
/// torch.nn.RNN/LSTM/GRU/Embedding); the layers are built by <see cref="LayerCatalog.FromPyTorch"/>.</summary>
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
        OpFixtures.ReadNullable(c.GetProperty(key));

    public static IEnumerable<KeyValuePair<string, OpFixtures.TensorData>> ReadMap(JsonElement c, string key) =>
        OpFixtures.ReadMap(c.GetProperty(key));

    public static RecurrentBase Build(JsonElement c, DType dtype) =>
        (RecurrentBase)LayerCatalog.FromPyTorch(c.GetProperty("layer").GetString()!, c.GetProperty("attrs"), dtype);
}
