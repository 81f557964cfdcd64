using System.Numerics;
using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>
/// Scaled dot-product attention as one primitive for the common case (no mask tensor, no dropout, optionally
/// causal): P = softmax(scale·q·kᵀ), out = P·v, saving P. Backward: dV = Pᵀ·g, dP = g·vᵀ,
/// dS = scale·P⊙(dP − Σ dP⊙P), dQ = dS·k, dK = dSᵀ·q. Replaces six composed ops and their temporaries.
/// </summary>
internal static class AttentionOps
{
    // q: [B..., L, E], k: [B..., S, E], v: [B..., S, Ev] (same leading dims) → [B..., L, Ev]
    public static Tensor Attention(Tensor q, Tensor k, Tensor v, bool causal, double scale)
    {
        q.EnsureFloating("attention");
        bool fits = q.Rank >= 2 && k.Rank == q.Rank && v.Rank == q.Rank && k.DType == q.DType && v.DType == q.DType &&
            q.Shape[..^2].SequenceEqual(k.Shape[..^2]) && q.Shape[..^2].SequenceEqual(v.Shape[..^2]) &&
            k.Shape[^1] == q.Shape[^1] && v.Shape[^2] == k.Shape[^2];
        if (!fits)
            throw new ArgumentException(
                $"attention: expected query [..., L, E], key [..., S, E], value [..., S, Ev] of one dtype with equal leading dims, got " +
                $"{q.DType.Name()} {ShapeMath.Format(q.Shape)}, {k.DType.Name()} {ShapeMath.Format(k.Shape)}, {v.DType.Name()} {ShapeMath.Format(v.Shape)}.");
        int e = q.Shape[^1], l = q.Shape[^2], s = k.Shape[^2], ev = v.Shape[^1];
        int batch = q.Numel / Math.Max(1, l * e);
        Tensor qc = Contiguous(q), kc = Contiguous(k), vc = Contiguous(v);
        Tensor p = Tensor.Empty(q.DType, [batch, l, s]);
        Tensor output = Tensor.Empty(q.DType, [.. q.Shape[..^1], ev]);
        DTypeDispatch.Float(q.DType, new ForwardBody(qc, kc, vc, causal, scale, p, output));
        Tensor[] inputs = [q, k, v];
        return Node.ShouldRecord(inputs)
            ? Node.Record(output, new AttentionNode(inputs, qc, kc, vc, p, scale))
            : output;
    }

    private static Tensor Contiguous(Tensor t) => t.IsContiguous ? t : CopyOps.Contiguous(t.Detach());

    private sealed class AttentionNode(Tensor[] inputs, Tensor q, Tensor k, Tensor v, Tensor p, double scale) : Node(inputs)
    {
        private readonly SavedTensor _q = new(q), _k = new(k), _v = new(v), _p = new(p);

        public override string Name => "scaled_dot_product_attention";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor q = _q.Get(Name), k = _k.Get(Name), v = _v.Get(Name), p = _p.Get(Name);
            Tensor gc = g.IsContiguous ? g : CopyOps.Contiguous(g);
            Tensor dq = Tensor.Empty(q.DType, q.ShapeArray()), dk = Tensor.Empty(k.DType, k.ShapeArray());
            Tensor dv = Tensor.Empty(v.DType, v.ShapeArray()), dp = Tensor.Empty(p.DType, p.ShapeArray());
            DTypeDispatch.Float(q.DType, new BackwardBody(q, k, v, p, gc, scale, dq, dk, dv, dp));
            return [NeedsGrad(0) ? dq : null, NeedsGrad(1) ? dk : null, NeedsGrad(2) ? dv : null];
        }
    }

    // q: [B, L, E], k: [B, S, E], v: [B, S, Ev] contiguous → p: [B, L, S] (the probabilities), output: [B, L, Ev]
    private readonly struct ForwardBody(Tensor q, Tensor k, Tensor v, bool causal, double scale, Tensor p, Tensor output) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int batch = p.Size(0), l = p.Size(1), s = p.Size(2), e = q.Shape[^1], ev = v.Shape[^1];
            Span<T> probabilities = p.ContiguousSpan<T>();
            // P = q·kᵀ; softmax in place; out = P·v
            Gemm.MultiplyBatched<T>(batch, l, s, e, q.ContiguousSpan<T>(), l * e, e, 1, k.ContiguousSpan<T>(), s * e, 1, e,
                probabilities, l * s, s, accumulate: false);
            AttentionKernel.Softmax(probabilities, l, s, T.CreateChecked(scale), causal);
            Gemm.MultiplyBatched<T>(batch, l, ev, s, probabilities, l * s, s, 1, v.ContiguousSpan<T>(), s * ev, ev, 1,
                output.ContiguousSpan<T>(), l * ev, ev, accumulate: false);
        }
    }

    // q, k, v, p as saved by the forward, g: [B, L, Ev] → dq, dk, dv; dp: [B, L, S] scratch
    private readonly struct BackwardBody(Tensor q, Tensor k, Tensor v, Tensor p, Tensor g, double scale, Tensor dq, Tensor dk, Tensor dv,
        Tensor dp) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int batch = p.Size(0), l = p.Size(1), s = p.Size(2), e = q.Shape[^1], ev = v.Shape[^1];
            Span<T> P = p.ContiguousSpan<T>(), G = g.ContiguousSpan<T>(), DP = dp.ContiguousSpan<T>();
            Gemm.MultiplyBatched<T>(batch, s, ev, l, P, l * s, 1, s, G, l * ev, ev, 1, dv.ContiguousSpan<T>(), s * ev, ev, false); // Pᵀ·g
            Gemm.MultiplyBatched<T>(batch, l, s, ev, G, l * ev, ev, 1, v.ContiguousSpan<T>(), s * ev, 1, ev, DP, l * s, s, false); // g·vᵀ
            AttentionKernel.SoftmaxBackward<T>(P, DP, s, T.CreateChecked(scale));
            Gemm.MultiplyBatched<T>(batch, l, e, s, DP, l * s, s, 1, k.ContiguousSpan<T>(), s * e, e, 1, dq.ContiguousSpan<T>(), l * e, e, false); // dS·k
            Gemm.MultiplyBatched<T>(batch, s, e, l, DP, l * s, 1, s, q.ContiguousSpan<T>(), l * e, e, 1, dk.ContiguousSpan<T>(), s * e, e, false); // dSᵀ·q
        }
    }
}
