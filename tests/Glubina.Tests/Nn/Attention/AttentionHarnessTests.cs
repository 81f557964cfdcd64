using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Attention;

/// <summary>The attention family through <see cref="LayerHarness"/>: shape, PyTorch's parameter count
/// (<c>sum(p.numel() for p in m.parameters())</c> of the nn module with the same arguments), state-dict round trip,
/// a step lowers the loss, finite-difference gradients.</summary>
public sealed class AttentionHarnessTests
{
    private static readonly LayerHarness.Spec[] s_specs =
    [
        new("MultiheadAttention(8,2) self, [L,N,E]", (g, t) => new MultiheadAttention(8, 2, generator: g, dtype: t), [5, 3, 8], [5, 3, 8], 288),
        new("MultiheadAttention(16,4,bias=False,dropout=0.2,batch_first)", (g, t) =>
            new MultiheadAttention(16, 4, dropout: 0.2, bias: false, batchFirst: true, generator: g, dtype: t), [2, 6, 16], [2, 6, 16], 1024),
        new("TransformerEncoderLayer(8,2,16) post-norm relu", (g, t) =>
            new TransformerEncoderLayer(8, 2, 16, dropout: 0, generator: g), [5, 3, 8], [5, 3, 8], 600),
        new("TransformerEncoderLayer(16,4,32) pre-norm gelu dropout batch_first", (g, t) =>
            new TransformerEncoderLayer(16, 4, 32, dropout: 0.1, activation: "gelu", batchFirst: true, normFirst: true, generator: g),
            [2, 4, 16], [2, 4, 16], 2224),
        // GELU rather than ReLU: a ReLU kink within the float32 difference step (1e-2) of two stacked layers spoils the
        // finite difference (the exact gradients are checked against PyTorch in AttentionFixtureTests).
        new("TransformerEncoder(2 layers gelu, final norm)", (g, t) =>
            new TransformerEncoder(new TransformerEncoderLayer(8, 2, 16, dropout: 0, activation: "gelu", generator: g), 2, new LayerNorm(8)), [4, 2, 8], [4, 2, 8], 1216),
        new("SinusoidalPositionalEncoding(8, dropout=0.1)", (g, t) => new SinusoidalPositionalEncoding(8, 0.1, 20, generator: g), [6, 2, 8], [6, 2, 8], 0),
        new("LearnedPositionalEncoding(8, 10, batch_first)", (g, t) =>
            new LearnedPositionalEncoding(8, 10, dropout: 0, batchFirst: true, std: 1, generator: g, dtype: t), [2, 6, 8], [2, 6, 8], 80),
        new("ResidualBlock(4,4) identity shortcut", (g, t) => new ResidualBlock(4, 4, generator: g, dtype: t), [2, 4, 5, 5], [2, 4, 5, 5], 304),
        new("ResidualBlock(3,6,stride=2) projection shortcut", (g, t) => new ResidualBlock(3, 6, 2, g, t), [2, 3, 7, 6], [2, 6, 4, 3], 540),
        new("ResNet([1,2], 3 classes, width 4)", (g, t) => new ResNet([1, 2], 3, 3, 4, generator: g, dtype: t), [2, 3, 8, 8], [2, 3], 2575),
    ];

    public static TheoryData<string> Specs() => new(s_specs.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Specs))]
    public void Module_passes_the_harness(string name)
    {
        var spec = s_specs.Single(s => s.Name == name);
        LayerHarness.GradientPath path = LayerHarness.Check(spec);
        // Modules with LayerNorm (no dtype argument) fall back to float32 differences; the rest run in float64.
        if (!name.StartsWith("Transformer", StringComparison.Ordinal))
            Assert.Equal(LayerHarness.GradientPath.Float64, path);
    }
}
