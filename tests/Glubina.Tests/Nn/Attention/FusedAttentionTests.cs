using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Attention;

/// <summary>The fused attention primitive (used when there is no mask tensor and no dropout) against the composed
/// path of <see cref="ScaledDotProductAttention.ApplyWithWeights"/>, which the PyTorch fixtures check: same output
/// and same gradients for q, k and v, in float64, plain and causal, square and rectangular, strided inputs.</summary>
public sealed class FusedAttentionTests
{
    [Theory]
    [InlineData(4, 4, false)]
    [InlineData(5, 5, true)]
    [InlineData(3, 6, true)]
    [InlineData(6, 3, true)]
    [InlineData(7, 2, false)]
    public void Fused_matches_the_composed_path_forward_and_backward(int l, int s, bool causal)
    {
        var g = new Generator(11);
        Tensor Leaf(params int[] shape) => Tensor.Normal(shape, 0, 1, g).To(DType.Float64).Detach().RequiresGrad_();
        // Heads as strided views, as MultiheadAttention produces them.
        Tensor q = Leaf(2, l, 3, 8), k = Leaf(2, s, 3, 8), v = Leaf(2, s, 3, 5);
        Tensor upstream = Tensor.Normal([2, 3, l, 5], 0, 1, g).To(DType.Float64);

        (double[] Out, double[] Dq, double[] Dk, double[] Dv) Run(bool fused)
        {
            foreach (Tensor t in new[] { q, k, v })
                t.Grad = null;
            Tensor qh = q.Permute(0, 2, 1, 3), kh = k.Permute(0, 2, 1, 3), vh = v.Permute(0, 2, 1, 3);
            Tensor o = fused
                ? ScaledDotProductAttention.Apply(qh, kh, vh, isCausal: causal)
                : ScaledDotProductAttention.ApplyWithWeights(qh, kh, vh, isCausal: causal).Output;
            o.Mul(upstream).Sum().Backward();
            return (o.ToDoubleArray(), q.Grad!.ToDoubleArray(), k.Grad!.ToDoubleArray(), v.Grad!.ToDoubleArray());
        }

        var composed = Run(fused: false);
        var fusedRun = Run(fused: true);
        AssertClose(composed.Out, fusedRun.Out, "output");
        AssertClose(composed.Dq, fusedRun.Dq, "dq");
        AssertClose(composed.Dk, fusedRun.Dk, "dk");
        AssertClose(composed.Dv, fusedRun.Dv, "dv");
    }

    [Fact]
    public void Mismatched_operands_are_refused_with_their_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 4, 8).Attention(Tensor.Zeros(2, 5, 7), Tensor.Zeros(2, 5, 3), false, 1));
        Assert.Contains("[2, 5, 7]", e.Message);
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-10 * (1 + Math.Abs(expected[i])), $"{what}[{i}]: {expected[i]} vs {actual[i]}");
    }
}
