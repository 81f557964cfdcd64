using Glubina.Nn;
using Glubina.Tensors;
using Glubina.Testing;

namespace Glubina.Onnx.Tests;

/// <summary>Every entry of <see cref="LayerCatalog"/> exports to ONNX and runs in ONNX Runtime as in Glubina (eval mode,
/// batches of 1 and 5 along the first dimension).</summary>
public sealed class LayerCatalogExportTests
{
    // What ONNX cannot express, and the error that says so.
    private static readonly Dictionary<string, string> s_notExported = new()
    {
        ["AdaptiveAvgPool2d((3,2))"] = "uneven adaptive windows have no ONNX operator",
        ["RNN(4,5) unbatched"] = "the exported graph needs batched input (rank 3), got rank 2",
    };

    public static TheoryData<string> Entries() => new(LayerCatalog.All.Select(e => e.Name));

    [Theory]
    [MemberData(nameof(Entries))]
    public void An_entry_exports_and_matches_onnx_runtime(string name)
    {
        var entry = LayerCatalog.Named(name);
        Module layer = entry.Build(new Generator(1));
        layer.Train();
        layer.Call(Tensor.Normal(entry.InputShape, 0, 1, new Generator(2)));   // running statistics away from 0 and 1
        var model = layer as Sequential ?? new Sequential(layer);
        if (s_notExported.TryGetValue(name, out string? reason))
            Assert.Contains(reason, Assert.Throws<OnnxExportException>(() => OnnxExporter.ToBytes(model, entry.InputShape[1..])).Message);
        else
            OnnxCheck.Matches(model, entry.InputShape[1..], 1e-4);
    }
}
