using System.Numerics;
using System.Numerics.Tensors;

namespace Glubina.Kernels;

/// <summary>
/// The row-wise parts of fused attention: scaled, optionally causal softmax of the scores in place, and its
/// backward. The matrix products around them go through <see cref="Gemm"/>.
/// </summary>
public static class AttentionKernel
{
    // scores: [batch, l, s] (raw q·kᵀ) → probabilities in place: softmax(scale·scores) per row, with the
    // positions j > i (top-left aligned) set to 0 when causal.
    /// <summary>Turns raw attention scores into probabilities in place, row by row: softmax(scale·scores) over the
    /// <paramref name="s"/> keys of each of the <paramref name="l"/> queries; when <paramref name="causal"/>, query i
    /// sees keys 0..i only and the rest get probability 0.</summary>
    public static void Softmax<T>(Span<T> scores, int l, int s, T scale, bool causal) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int row = 0; row * s < scores.Length; row++)
        {
            var p = scores.Slice(row * s, s);
            int i = row % l;
            int valid = causal ? Math.Min(i + 1, s) : s;
            var live = p[..valid];
            TensorPrimitives.Multiply(live, scale, live);
            T max = TensorPrimitives.Max<T>(live);
            TensorPrimitives.Subtract(live, max, live);
            TensorPrimitives.Exp<T>(live, live);
            TensorPrimitives.Divide(live, TensorPrimitives.Sum<T>(live), live);
            p[valid..].Clear();
        }
    }

    // p: softmax output, dp: gradient w.r.t. p → dp becomes the gradient w.r.t. the raw scores:
    // scale · p ⊙ (dp − Σ dp⊙p) per row (masked positions have p = 0 and get 0).
    /// <summary>Backward of <see cref="Softmax{T}"/>: overwrites <paramref name="dp"/> (the gradient with respect to the
    /// probabilities <paramref name="p"/>, rows of length <paramref name="s"/>) with the gradient with respect to the raw scores.</summary>
    public static void SoftmaxBackward<T>(ReadOnlySpan<T> p, Span<T> dp, int s, T scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int start = 0; start < p.Length; start += s)
        {
            var ps = p.Slice(start, s);
            var gs = dp.Slice(start, s);
            T dot = TensorPrimitives.Dot(gs, ps);
            TensorPrimitives.Subtract(gs, dot, gs);
            TensorPrimitives.Multiply(gs, ps, gs);
            TensorPrimitives.Multiply(gs, scale, gs);
        }
    }
}
