using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn;

/// <summary>Runs <see cref="LayerHarness"/> over every layer type. Parameter counts are PyTorch's
/// (<c>sum(p.numel() for p in m.parameters())</c>).</summary>
public sealed class LayerHarnessTests
{
    private static readonly LayerHarness.Spec[] s_specs =
    [
        new("Linear(784,256)", (g, t) => new Linear(784, 256, generator: g, dtype: t), [3, 784], [3, 256], 200_960),
        new("Linear(3,5,bias=False) on 3-D input", (g, t) => new Linear(3, 5, bias: false, generator: g, dtype: t), [4, 2, 3], [4, 2, 5], 15),
        new("BatchNorm1d(4) on [N,C]", (g, t) => new BatchNorm1d(4), [6, 4], [6, 4], 8),
        new("BatchNorm1d(4) on [N,C,L]", (g, t) => new BatchNorm1d(4), [3, 4, 5], [3, 4, 5], 8),
        new("BatchNorm1d(4,affine=False)", (g, t) => new BatchNorm1d(4, affine: false), [6, 4], [6, 4], 0),
        new("LayerNorm(5)", (g, t) => new LayerNorm(5), [4, 5], [4, 5], 10),
        new("LayerNorm([3,4])", (g, t) => new LayerNorm([3, 4]), [2, 3, 4], [2, 3, 4], 24),
        new("LayerNorm(5,elementwise_affine=False)", (g, t) => new LayerNorm(5, elementwiseAffine: false), [4, 5], [4, 5], 0),
        new("ReLU", (g, t) => new ReLU(), [3, 4], [3, 4], 0),
        new("LeakyReLU(0.2)", (g, t) => new LeakyReLU(0.2), [3, 4], [3, 4], 0),
        new("ELU(0.5)", (g, t) => new ELU(0.5), [3, 4], [3, 4], 0),
        new("GELU()", (g, t) => new GELU(), [3, 4], [3, 4], 0),
        new("GELU(tanh)", (g, t) => new GELU("tanh"), [3, 4], [3, 4], 0),
        new("Sigmoid", (g, t) => new Sigmoid(), [3, 4], [3, 4], 0),
        new("Tanh", (g, t) => new Tanh(), [3, 4], [3, 4], 0),
        new("SiLU", (g, t) => new SiLU(), [3, 4], [3, 4], 0),
        new("Softmax(1)", (g, t) => new Softmax(1), [3, 5], [3, 5], 0),
        new("LogSoftmax(-1) on 3-D input", (g, t) => new LogSoftmax(-1), [2, 3, 4], [2, 3, 4], 0),
        new("Flatten()", (g, t) => new Flatten(), [2, 3, 4], [2, 12], 0),
        new("Identity", (g, t) => new Identity(), [3, 4], [3, 4], 0),
        new("Dropout(0.3)", (g, t) => new Dropout(0.3, g), [4, 6], [4, 6], 0),
        new("Sequential MLP 784-256-128-10", (g, t) => new Sequential(
            new Linear(784, 256, generator: g, dtype: t), new ReLU(),
            new Linear(256, 128, generator: g, dtype: t), new ReLU(),
            new Linear(128, 10, generator: g, dtype: t)), [2, 784], [2, 10], 235_146),
        new("Sequential Linear-BatchNorm1d-GELU-Linear", (g, t) => new Sequential(
            new Linear(6, 8, generator: g, dtype: t), new BatchNorm1d(8), new GELU(),
            new Linear(8, 3, generator: g, dtype: t)), [5, 6], [5, 3], 99),
    ];

    public static TheoryData<string> Specs() => new(s_specs.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Specs))]
    public void Layer_passes_the_harness(string name)
    {
        var spec = s_specs.Single(s => s.Name == name);
        LayerHarness.GradientPath path = LayerHarness.Check(spec);
        // Every layer whose constructor takes a dtype, or that has no parameters, is checked in float64.
        // (BatchNorm1d and LayerNorm have no dtype argument and LoadStateDict keeps the model's dtype, so they
        // fall back to float32 differences.)
        bool hasNormParameters = name.StartsWith("BatchNorm1d(4) on", StringComparison.Ordinal)
            || name is "LayerNorm(5)" or "LayerNorm([3,4])" || name.Contains("BatchNorm1d-", StringComparison.Ordinal);
        if (!hasNormParameters)
            Assert.Equal(LayerHarness.GradientPath.Float64, path);
    }
}
