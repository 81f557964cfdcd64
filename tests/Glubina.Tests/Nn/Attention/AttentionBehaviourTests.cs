using Glubina.Autograd;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Attention;

/// <summary>Properties the fixtures do not pin down: mask equivalences, causality, padding independence, error
/// messages, encoder copies and positional tables.</summary>
public sealed class AttentionBehaviourTests
{
    private static Tensor Randn(ulong seed, params int[] shape) => Tensor.Normal(shape, 0, 1, new Generator(seed));

    private static void AssertAllClose(Tensor expected, Tensor actual, double tol = 1e-5)
    {
        Assert.Equal(expected.ShapeArray(), actual.ShapeArray());
        double[] e = expected.ToDoubleArray(), a = actual.ToDoubleArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tol * (1 + Math.Abs(e[i])), $"element {i}: {a[i]:R} vs {e[i]:R}");
    }

    [Fact]
    public void Causal_flag_equals_a_lower_triangular_bool_mask()
    {
        Tensor q = Randn(1, 2, 5, 4), k = Randn(2, 2, 7, 4), v = Randn(3, 2, 7, 3);
        var allowed = new bool[5 * 7];
        for (int i = 0; i < 5; i++)
            for (int j = 0; j <= i; j++)
                allowed[i * 7 + j] = true;
        AssertAllClose(ScaledDotProductAttention.Apply(q, k, v, Tensor.FromArray(allowed, 5, 7)),
            ScaledDotProductAttention.Apply(q, k, v, isCausal: true), 1e-6);
        // An all-true bool mask and a zero float mask change nothing.
        Tensor plain = ScaledDotProductAttention.Apply(q, k, v);
        AssertAllClose(plain, ScaledDotProductAttention.Apply(q, k, v, Tensor.Full([5, 7], 1, DType.Bool)), 1e-7);
        AssertAllClose(plain, ScaledDotProductAttention.Apply(q, k, v, Tensor.Zeros(5, 7)), 1e-7);
    }

    [Fact]
    public void Causal_output_does_not_depend_on_later_positions()
    {
        var mha = new MultiheadAttention(8, 2, batchFirst: true, generator: new Generator(4));
        Tensor x = Randn(5, 2, 6, 8);
        Tensor y = mha.Forward(x, x, x, isCausal: true, needWeights: false).Output;
        float[] changed = x.ToFloatArray();
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 8; c++)
                changed[(b * 6 + 5) * 8 + c] += 3;   // the last position only
        Tensor x2 = Tensor.FromArray(changed, 2, 6, 8);
        Tensor y2 = mha.Forward(x2, x2, x2, isCausal: true, needWeights: false).Output;
        AssertAllClose(y.Narrow(1, 0, 5), y2.Narrow(1, 0, 5), 1e-6);
        Assert.NotEqual(y.Narrow(1, 5, 1).ToFloatArray(), y2.Narrow(1, 5, 1).ToFloatArray());
    }

    [Fact]
    public void Padded_keys_have_no_influence_and_zero_weight()
    {
        var layer = new TransformerEncoderLayer(8, 2, 16, dropout: 0, batchFirst: true, generator: new Generator(6));
        Tensor x = Randn(7, 1, 5, 8);
        Tensor pad = Tensor.FromArray(new[] { false, false, false, true, true }, 1, 5);
        Tensor y = layer.Forward(x, null, pad);
        float[] changed = x.ToFloatArray();
        for (int i = 3 * 8; i < 5 * 8; i++)
            changed[i] = -changed[i] * 2;
        Tensor y2 = layer.Forward(Tensor.FromArray(changed, 1, 5, 8), null, pad);
        AssertAllClose(y.Narrow(1, 0, 3), y2.Narrow(1, 0, 3), 1e-6);

        var (_, w) = layer.SelfAttn.Forward(x, x, x, pad);
        float[] weights = w!.ToFloatArray();   // [1, 5, 5]
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(0f, weights[i * 5 + 3]);
            Assert.Equal(0f, weights[i * 5 + 4]);
            Assert.Equal(1.0, weights.Skip(i * 5).Take(5).Sum(f => (double)f), 5);
        }
    }

    [Fact]
    public void Packed_and_separate_projections_agree()
    {
        var mha = new MultiheadAttention(12, 3, generator: new Generator(8));
        Tensor x = Randn(9, 4, 2, 12);
        Tensor packed = mha.Forward(x);
        Tensor separate = mha.Forward(x, x.Clone(), x.Clone(), needWeights: false).Output;
        AssertAllClose(packed, separate, 1e-6);
    }

    [Fact]
    public void Mistakes_name_the_layer_and_the_shapes()
    {
        var e1 = Assert.Throws<ArgumentException>(() => new MultiheadAttention(10, 3));
        Assert.Contains("embed_dim=10", e1.Message);
        var mha = new MultiheadAttention(8, 2, batchFirst: true);
        Tensor x = Randn(1, 2, 5, 8);
        var e2 = Assert.Throws<ArgumentException>(() => mha.Forward(x, x, x, Tensor.Zeros([2, 4], DType.Bool)));
        Assert.Contains("key_padding_mask must be [2, 5]", e2.Message.Replace("(", "[").Replace(")", "]"));
        var e3 = Assert.Throws<ArgumentException>(() => mha.Forward(x, x, x, attnMask: Tensor.Zeros(5, 4)));
        Assert.Contains("attn_mask", e3.Message);
        Assert.Contains("[5, 4]", e3.Message.Replace("(", "[").Replace(")", "]"));
        var e4 = Assert.Throws<ArgumentException>(() => mha.Forward(Randn(1, 2, 5, 6)));
        Assert.Contains("MultiheadAttention", e4.Message);
        var e5 = Assert.Throws<ArgumentException>(() => ScaledDotProductAttention.Apply(Randn(1, 3, 4), Randn(2, 5, 3), Randn(3, 5, 2)));
        Assert.Contains("ScaledDotProductAttention", e5.Message);
        var e6 = Assert.Throws<ArgumentException>(() => new TransformerEncoderLayer(8, 2, activation: "tanh"));
        Assert.Contains("tanh", e6.Message);
    }

    [Fact]
    public void Encoder_layers_start_as_copies_with_pytorch_keys()
    {
        var layer = new TransformerEncoderLayer(8, 2, 16, generator: new Generator(10));
        var encoder = new TransformerEncoder(layer, 3, new LayerNorm(8));
        var state = encoder.StateDict();
        Assert.Equal("layers.0.self_attn.in_proj_weight", state.Keys.First());
        Assert.Contains("layers.2.norm2.bias", state.Keys);
        Assert.Equal("norm.bias", state.Keys.Last());
        Assert.Equal(layer.Linear1.Weight.ToFloatArray(), state["layers.2.linear1.weight"].ToFloatArray());
        Assert.NotSame(layer.Linear1.Weight, state["layers.0.linear1.weight"]);
        Assert.Equal(3 * 600 + 16, encoder.ParameterCount());
    }

    [Fact]
    public void Sinusoidal_table_is_the_paper_formula_and_layouts_agree()
    {
        var pe = new SinusoidalPositionalEncoding(6, dropout: 0, maxLen: 50);
        Assert.Empty(pe.StateDict());
        for (int pos = 0; pos < 50; pos += 7)
            for (int i = 0; i < 6; i++)
            {
                double angle = pos / Math.Pow(10000, 2 * (i / 2) / 6.0);
                Assert.Equal(i % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle), pe.Table[pos, i], 4);
            }
        Tensor x = Randn(11, 4, 3, 6);
        var bf = new SinusoidalPositionalEncoding(6, dropout: 0, maxLen: 50, batchFirst: true);
        AssertAllClose(pe.Forward(x), bf.Forward(x.Transpose(0, 1)).Transpose(0, 1), 0);
        Assert.Throws<ArgumentException>(() => pe.Forward(Randn(1, 51, 1, 6)));
    }

    [Fact]
    public void Attention_dropout_is_seeded_and_off_in_eval()
    {
        var mha = new MultiheadAttention(8, 2, dropout: 0.5, generator: new Generator(12));
        Tensor x = Randn(13, 4, 2, 8);
        Tensor a = mha.Forward(x);
        Tensor b = mha.Forward(x);
        Assert.NotEqual(a.ToFloatArray(), b.ToFloatArray());
        mha.Eval();
        Assert.Equal(mha.Forward(x).ToFloatArray(), mha.Forward(x).ToFloatArray());
        using (GradMode.NoGrad())
        {
            var (_, w) = mha.Forward(x, x, x);
            Assert.All(w!.Sum(-1).ToFloatArray(), s => Assert.Equal(1f, s, 5));
        }
    }
}
