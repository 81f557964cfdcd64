using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn;

/// <summary>Every layer case of tests/fixtures/nn/layers.json: the PyTorch state dict (PyTorch key names) is loaded
/// strictly, then each step's output, input gradient, parameter gradients and buffers (running statistics after one
/// and after two training passes) must match torch.nn.</summary>
public sealed class LayerFixtureTests
{
    public static TheoryData<string> Cases() => new(NnFixtures.Layers.Keys);

    [Fact]
    public void The_fixture_covers_every_layer_type()
    {
        var layers = NnFixtures.Layers.Values.Select(c => c.Layer).ToHashSet();
        string[] expected = ["Linear", "BatchNorm1d", "LayerNorm", "ReLU", "LeakyReLU", "ELU", "GELU", "Sigmoid", "Tanh",
            "SiLU", "Softmax", "LogSoftmax", "Flatten", "Identity", "Dropout", "Sequential"];
        Assert.Equal([], expected.Where(l => !layers.Contains(l)).ToArray());
        Assert.True(NnFixtures.Layers.Count >= 45, $"only {NnFixtures.Layers.Count} layer cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch(string name)
    {
        var c = NnFixtures.Layers[name];
        Module layer = NnFixtures.BuildLayer(c.Layer, c.Attrs);
        layer.Train(c.Training);

        // Same parameter names and state keys, in PyTorch's order.
        Assert.Equal(c.Params, layer.NamedParameters().Select(p => p.Name).ToArray());
        Assert.Equal(c.State.Select(kv => kv.Key).ToArray(), layer.StateDict().Keys.ToArray());
        layer.LoadStateDict(c.State.ToDictionary(kv => kv.Key, kv => NnFixtures.ToTensor(kv.Value)));

        var parameters = layer.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        for (int s = 0; s < c.Steps.Length; s++)
        {
            var step = c.Steps[s];
            string at = $"{name} step {s + 1}";
            layer.ZeroGrad();
            Tensor x = NnFixtures.ToTensor(step.Input);
            x.RequiresGrad = true;
            Tensor y = layer.Call(x);
            NnFixtures.AssertClose(step.Output, y, $"{at} output");

            y.Mul(NnFixtures.ToTensor(step.GradOutput)).Sum().Backward();
            Assert.True(x.Grad is not null, $"{at}: the input got no gradient");
            NnFixtures.AssertClose(step.GradInput, x.Grad!, $"{at} input gradient");
            Assert.Equal(step.Grads.Keys.Order().ToArray(), parameters.Keys.Order().ToArray());
            foreach (var (pname, expected) in step.Grads)
            {
                Assert.True(parameters[pname].Grad is not null, $"{at}: parameter {pname} got no gradient");
                NnFixtures.AssertClose(expected, parameters[pname].Grad!, $"{at} gradient of {pname}");
            }

            var buffers = layer.NamedBuffers().ToDictionary(b => b.Name, b => b.Buffer);
            Assert.Equal(step.Buffers.Keys.Order().ToArray(), buffers.Keys.Order().ToArray());
            foreach (var (bname, expected) in step.Buffers)
            {
                if (expected.DType == "int64")
                    Assert.Equal(expected.Data, buffers[bname].ToDoubleArray());
                else
                    NnFixtures.AssertClose(expected, buffers[bname], $"{at} buffer {bname}");
            }
        }
    }
}
