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
        if (q.DType == DType.Float32)
        {
            // P = q·kᵀ; softmax in place; out = P·v
            Gemm.SgemmBatched(batch, l, s, e, qc.ContiguousSpan<float>(), l * e, e, 1, kc.ContiguousSpan<float>(), s * e, 1, e,
                p.ContiguousSpan<float>(), l * s, s, accumulate: false);
            AttentionKernel.Softmax(p.ContiguousSpan<float>(), l, s, (float)scale, causal);
            Gemm.SgemmBatched(batch, l, ev, s, p.ContiguousSpan<float>(), l * s, s, 1, vc.ContiguousSpan<float>(), s * ev, ev, 1,
                output.ContiguousSpan<float>(), l * ev, ev, accumulate: false);
        }
        else
        {
            Gemm.DgemmBatched(batch, l, s, e, qc.ContiguousSpan<double>(), l * e, e, 1, kc.ContiguousSpan<double>(), s * e, 1, e,
                p.ContiguousSpan<double>(), l * s, s, accumulate: false);
            AttentionKernel.Softmax(p.ContiguousSpan<double>(), l, s, scale, causal);
            Gemm.DgemmBatched(batch, l, ev, s, p.ContiguousSpan<double>(), l * s, s, 1, vc.ContiguousSpan<double>(), s * ev, ev, 1,
                output.ContiguousSpan<double>(), l * ev, ev, accumulate: false);
        }
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
            int e = q.Shape[^1], l = q.Shape[^2], s = k.Shape[^2], ev = v.Shape[^1];
            int batch = p.Shape[0];
            Tensor dq = Tensor.Empty(q.DType, q.ShapeArray()), dk = Tensor.Empty(k.DType, k.ShapeArray());
            Tensor dv = Tensor.Empty(v.DType, v.ShapeArray()), dp = Tensor.Empty(p.DType, p.ShapeArray());
            if (q.DType == DType.Float32)
            {
                Span<float> P = p.ContiguousSpan<float>(), G = gc.ContiguousSpan<float>(), DP = dp.ContiguousSpan<float>();
                Gemm.SgemmBatched(batch, s, ev, l, P, l * s, 1, s, G, l * ev, ev, 1, dv.ContiguousSpan<float>(), s * ev, ev, false); // Pᵀ·g
                Gemm.SgemmBatched(batch, l, s, ev, G, l * ev, ev, 1, v.ContiguousSpan<float>(), s * ev, 1, ev, DP, l * s, s, false); // g·vᵀ
                AttentionKernel.SoftmaxBackward<float>(P, DP, s, (float)scale);
                Gemm.SgemmBatched(batch, l, e, s, DP, l * s, s, 1, k.ContiguousSpan<float>(), s * e, e, 1, dq.ContiguousSpan<float>(), l * e, e, false); // dS·k
                Gemm.SgemmBatched(batch, s, e, l, DP, l * s, 1, s, q.ContiguousSpan<float>(), l * e, e, 1, dk.ContiguousSpan<float>(), s * e, e, false); // dSᵀ·q
            }
            else
            {
                Span<double> P = p.ContiguousSpan<double>(), G = gc.ContiguousSpan<double>(), DP = dp.ContiguousSpan<double>();
                Gemm.DgemmBatched(batch, s, ev, l, P, l * s, 1, s, G, l * ev, ev, 1, dv.ContiguousSpan<double>(), s * ev, ev, false);
                Gemm.DgemmBatched(batch, l, s, ev, G, l * ev, ev, 1, v.ContiguousSpan<double>(), s * ev, 1, ev, DP, l * s, s, false);
                AttentionKernel.SoftmaxBackward<double>(P, DP, s, scale);
                Gemm.DgemmBatched(batch, l, e, s, DP, l * s, s, 1, k.ContiguousSpan<double>(), s * e, e, 1, dq.ContiguousSpan<double>(), l * e, e, false);
                Gemm.DgemmBatched(batch, s, e, l, DP, l * s, 1, s, q.ContiguousSpan<double>(), l * e, e, 1, dk.ContiguousSpan<double>(), s * e, e, false);
            }
            return [NeedsGrad(0) ? dq : null, NeedsGrad(1) ? dk : null, NeedsGrad(2) ? dv : null];
        }
    }
}
