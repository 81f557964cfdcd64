using System.Text.Json;
using Glubina.Nn;
using Glubina.Tensors;
using Glubina.Testing;

namespace Glubina.Tests.Nn.Attention;

/// <summary>Reads tests/fixtures/attention/attention.json (tools/reference/make_attention_fixtures.py, torch.nn in
/// float64 on float32-rounded values) (also the residual networks, whose references live here); the modules are built by <see cref="LayerCatalog.FromPyTorch"/>.</summary>
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
                OpFixtures.ReadMap(c.GetProperty("state")),
                OpFixtures.ReadMap(c.GetProperty("inputs")).ToDictionary(),
                OpFixtures.ReadMap(c.GetProperty("masks")).ToDictionary(),
                OpFixtures.ReadTensor(c.GetProperty("output")),
                OpFixtures.ReadTensor(c.GetProperty("grad_output")),
                OpFixtures.ReadNullable(c.GetProperty("weights")),
                OpFixtures.ReadNullable(c.GetProperty("grad_weights")),
                OpFixtures.ReadMap(c.GetProperty("grad_inputs")).ToDictionary(),
                OpFixtures.ReadMap(c.GetProperty("grads")).ToDictionary());
            result.Add(item.Name, item);
        }
        return result;
    }

    public static Tensor ToTensor(OpFixtures.TensorData t, DType floatType = DType.Float32) =>
        OpFixtures.ToTensor(t, floatType, strided: false);

    public static Module Build(Case c) => LayerCatalog.FromPyTorch(c.Kind, c.Attrs);
}
