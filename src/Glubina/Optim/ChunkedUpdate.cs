using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Glubina.Optim;

/// <summary>Span helpers shared by the optimizer updates. Updates run over chunks of <see cref="Chunk"/> elements
/// with stack scratch space, so a step allocates nothing and each chunk stays in cache across its passes.
/// PyTorch's CPU kernels compute <c>a.add_(b, alpha=s)</c> as fma(b, s, a) and <c>addcmul</c> as fma(s·b, c, a), while
/// <c>addcdiv</c> is a + (s·b)/c unfused; the updates use FusedMultiplyAdd at exactly those places and follow
/// torch's operation order, so float32 results agree with PyTorch's to the last bit in most elements.</summary>
internal static class ChunkedUpdate
{
    /// <summary>Elements per chunk (three float64 scratch chunks are 6 KB of stack).</summary>
    public const int Chunk = 256;

    /// <summary>The gradient as the update sees it: g' = (maximize ? −g : g) + λ·p (PyTorch's
    /// <c>grad.add(param, alpha=weight_decay)</c>), written to <paramref name="scratch"/> when it differs from g.</summary>
    // g, p: [n], scratch: [≥ n] → [n]
    public static ReadOnlySpan<T> EffectiveGrad<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> p, bool maximize, double weightDecay,
        Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!maximize && weightDecay == 0)
            return g;
        Span<T> s = scratch[..g.Length];
        if (maximize)
            TensorPrimitives.Negate(g, s);
        else
            g.CopyTo(s);
        if (weightDecay != 0)
            TensorPrimitives.FusedMultiplyAdd(p, T.CreateTruncating(weightDecay), s, s);
        return s;
    }
}
