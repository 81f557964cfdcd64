using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;
using Glubina.Testing;
using Glubina.Tests.Nn.Attention;
using Glubina.Tests.Nn.Recurrent;

namespace Glubina.Tests.Nn;

/// <summary>Every layer case of tests/fixtures/nn/layers.json and conv/layers.json against torch.nn: the PyTorch state
/// dict (PyTorch key names, in PyTorch's order) is loaded strictly, then each step's output, input gradient, parameter
/// gradients and buffers (running statistics after one and two training passes) must match within 1e-5 relative +
/// 2e-6 absolute (float32 against PyTorch's float64 rounded to float32; a wrong index, window or divisor is off by far
/// more). Float64 runs must match within 1e-6.</summary>
public sealed class LayerFixtureTests
{
    public static TheoryData<string> Cases() => new(NnFixtures.Layers.Keys);

    // Built-in layers with no torch.nn module to compare with: their own tests check them.
    private static readonly string[] s_withoutPyTorchModule =
        ["CausalLanguageModel", "LearnedPositionalEncoding", "RecurrentLanguageModel", "SinusoidalPositionalEncoding"];

    [Fact]
    public void Every_built_in_layer_type_has_pytorch_fixture_cases()
    {
        var covered = NnFixtures.Layers.Values.Select(c => c.Layer)
            .Concat(RecurrentFixtures.Recurrent.Values.Select(c => c.GetProperty("layer").GetString()!))
            .Concat(AttentionFixtures.Cases.Values.Select(c => c.Kind))
            .Select(LayerCatalog.GlubinaType).ToHashSet();
        if (RecurrentFixtures.Embedding.Count > 0)
            covered.Add("Embedding");
        var builtIn = typeof(Module).Assembly.GetExportedTypes().Select(t => t.Name).ToHashSet();
        Assert.Equal(s_withoutPyTorchModule,
            LayerRegistry.KnownTypes.Where(t => builtIn.Contains(t) && !covered.Contains(t)).Order(StringComparer.Ordinal));
        Assert.True(NnFixtures.Layers.Count >= 100, $"only {NnFixtures.Layers.Count} cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch_float32(string name) => Check(name, DType.Float32, NnFixtures.RelativeTolerance, NnFixtures.AbsoluteTolerance);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch_float64(string name) => Check(name, DType.Float64, 1e-6, 1e-7);

    private static void Check(string name, DType dtype, double rtol, double atol)
    {
        var c = NnFixtures.Layers[name];
        Module layer = LayerCatalog.FromPyTorch(c.Layer, c.Attrs, dtype);
        layer.Train(c.Training);

        Assert.Equal(c.Params, layer.NamedParameters().Select(p => p.Name).ToArray());
        Assert.Equal(c.State.Select(kv => kv.Key).ToArray(), layer.StateDict().Keys.ToArray());
        layer.LoadStateDict(c.State.ToDictionary(kv => kv.Key, kv => NnFixtures.ToTensor(kv.Value, dtype)));

        var parameters = layer.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        for (int s = 0; s < c.Steps.Length; s++)
        {
            var step = c.Steps[s];
            string at = $"{name} ({dtype.Name()}) step {s + 1}";
            layer.ZeroGrad();
            Tensor x = NnFixtures.ToTensor(step.Input, dtype);
            x.RequiresGrad = true;
            Tensor y = layer.Call(x);
            NnFixtures.AssertClose(step.Output, y, $"{at} output", rtol, atol);

            y.Mul(NnFixtures.ToTensor(step.GradOutput, dtype)).Sum().Backward();
            Assert.True(x.Grad is not null, $"{at}: the input got no gradient");
            NnFixtures.AssertClose(step.GradInput, x.Grad!, $"{at} input gradient", rtol, atol);
            Assert.Equal(step.Grads.Keys.Order().ToArray(), parameters.Keys.Order().ToArray());
            foreach (var (pname, expected) in step.Grads)
            {
                Assert.True(parameters[pname].Grad is not null, $"{at}: parameter {pname} got no gradient");
                NnFixtures.AssertClose(expected, parameters[pname].Grad!, $"{at} gradient of {pname}", rtol, atol);
            }

            var buffers = layer.NamedBuffers().ToDictionary(b => b.Name, b => b.Buffer);
            Assert.Equal(step.Buffers.Keys.Order().ToArray(), buffers.Keys.Order().ToArray());
            foreach (var (bname, expected) in step.Buffers)
            {
                if (expected.DType == "int64")
                    Assert.Equal(expected.Data, buffers[bname].ToDoubleArray());
                else
                    NnFixtures.AssertClose(expected, buffers[bname], $"{at} buffer {bname}", rtol, atol);
            }
        }
    }
}
