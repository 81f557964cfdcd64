using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Attention;

/// <summary>
/// Every case of tests/fixtures/attention/attention.json: PyTorch's state dict is loaded strictly (PyTorch key names),
/// then the output, the attention weights, and the gradients of sum(output·g) + sum(weights·gw) for every input and
/// every parameter must match PyTorch (float64 reference rounded to float32).
/// </summary>
public sealed class AttentionFixtureTests
{
    /// <summary>1e-5 relative as the other layer fixtures, with an absolute floor of 1e-5: parameter gradients of
    /// the projections are sums over batch × length × heads of products of O(1) terms whose float32 partial sums
    /// cancel (the softmax backward subtracts a dot product from every element), so a near-zero gradient carries
    /// absolute rounding error of a few 1e-6. A wrong mask, scale, head split or norm placement is off by 1e-2 or more.</summary>
    private const double Rtol = 1e-5;

    private const double Atol = 1e-5;

    public static TheoryData<string> Cases() => new(AttentionFixtures.Cases.Keys);

    [Fact]
    public void The_fixture_covers_every_kind()
    {
        var kinds = AttentionFixtures.Cases.Values.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(kinds.GetValueOrDefault("sdpa") >= 5 && kinds.GetValueOrDefault("mha") >= 9
            && kinds.GetValueOrDefault("encoder_layer") >= 4 && kinds.GetValueOrDefault("encoder") >= 2
            && kinds.GetValueOrDefault("residual_block") >= 2 && kinds.GetValueOrDefault("resnet") >= 1,
            string.Join(", ", kinds.Select(kv => $"{kv.Key}: {kv.Value}")));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch(string name)
    {
        var c = AttentionFixtures.Cases[name];
        var inputs = c.Inputs.ToDictionary(kv => kv.Key, kv =>
        {
            Tensor t = AttentionFixtures.ToTensor(kv.Value);
            t.RequiresGrad = true;
            return t;
        });
        Tensor? attnMask = c.Masks.TryGetValue("attn_mask", out var am) ? AttentionFixtures.ToTensor(am) : null;
        Tensor? paddingMask = c.Masks.TryGetValue("key_padding_mask", out var km) ? AttentionFixtures.ToTensor(km) : null;
        Tensor query = inputs["query"];
        Tensor key = inputs.GetValueOrDefault("key") ?? query;
        Tensor value = inputs.GetValueOrDefault("value") ?? key;

        Module? module = null;
        Tensor output;
        Tensor? weights = null;
        if (c.Kind == "sdpa")
        {
            double? scale = c.Attrs.GetProperty("scale").ValueKind == System.Text.Json.JsonValueKind.Null
                ? null : c.Attrs.GetProperty("scale").GetDouble();
            (output, weights) = ScaledDotProductAttention.ApplyWithWeights(query, key, value, attnMask,
                c.Attrs.GetProperty("is_causal").GetBoolean(), scale: scale);
        }
        else
        {
            module = AttentionFixtures.Build(c);
            module.Train();
            Assert.Equal(c.Params, module.NamedParameters().Select(p => p.Name).ToArray());
            Assert.Equal(c.State.Select(kv => kv.Key).ToArray(), module.StateDict().Keys.ToArray());
            module.LoadStateDict(c.State.ToDictionary(kv => kv.Key, kv => AttentionFixtures.ToTensor(kv.Value)));
            switch (module)
            {
                case MultiheadAttention mha:
                    (output, weights) = mha.Forward(query, key, value, paddingMask,
                        needWeights: c.Attrs.GetProperty("need_weights").GetBoolean(), attnMask: attnMask,
                        averageAttnWeights: c.Attrs.GetProperty("average_attn_weights").GetBoolean());
                    break;
                case TransformerEncoderLayer layer:
                    output = layer.Forward(query, attnMask, paddingMask);
                    break;
                case TransformerEncoder encoder:
                    output = encoder.Forward(query, attnMask, paddingMask);
                    break;
                default:
                    output = module.Forward(query);
                    break;
            }
        }

        NnFixtures.AssertClose(c.Output, output, $"{name} output", Rtol, Atol);
        Assert.Equal(c.Weights is null, weights is null);
        Tensor loss = output.Mul(AttentionFixtures.ToTensor(c.GradOutput)).Sum();
        if (weights is not null)
        {
            NnFixtures.AssertClose(c.Weights!, weights, $"{name} attention weights", Rtol, Atol);
            loss = loss.Add(weights.Mul(AttentionFixtures.ToTensor(c.GradWeights!)).Sum());
        }
        loss.Backward();
        foreach (var (input, expected) in c.GradInputs)
        {
            Assert.True(inputs[input].Grad is not null, $"{name}: {input} got no gradient");
            NnFixtures.AssertClose(expected, inputs[input].Grad!, $"{name} gradient of {input}", Rtol, Atol);
        }
        if (module is null)
            return;
        var parameters = module.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        Assert.Equal(c.Grads.Keys.Order().ToArray(), parameters.Keys.Order().ToArray());
        foreach (var (pname, expected) in c.Grads)
        {
            Assert.True(parameters[pname].Grad is not null, $"{name}: parameter {pname} got no gradient");
            NnFixtures.AssertClose(expected, parameters[pname].Grad!, $"{name} gradient of {pname}", Rtol, Atol);
        }
    }
}
