using System.Numerics;
using System.Numerics.Tensors;

namespace Glubina.Kernels;

/// <summary>
/// Per-row gate kernels of the recurrent cells (forward and backward through one time step). A "row" is one
/// sequence of the batch at one step: gate rows are [G·H] (gate order as PyTorch: LSTM i,f,g,o; GRU r,z,n), state
/// rows are [H]. Transcendentals go through TensorPrimitives on whole gate spans.
/// </summary>
internal static class RecurrentKernels
{
    // gates: [4H] pre-activations → activated in place; c: [H] c_prev → c_new; h: [H] → h_new
    public static void LstmForward<T>(Span<T> gates, Span<T> c, Span<T> h) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hidden = c.Length;
        Span<T> i = gates[..hidden], f = gates.Slice(hidden, hidden), g = gates.Slice(2 * hidden, hidden), o = gates.Slice(3 * hidden, hidden);
        TensorPrimitives.Sigmoid<T>(gates[..(2 * hidden)], gates[..(2 * hidden)]);
        TensorPrimitives.Tanh<T>(g, g);
        TensorPrimitives.Sigmoid<T>(o, o);
        TensorPrimitives.Multiply<T>(f, c, c);
        TensorPrimitives.FusedMultiplyAdd<T>(i, g, c, c);
        TensorPrimitives.Tanh<T>(c, h);
        TensorPrimitives.Multiply<T>(h, o, h);
    }

    // act: [4H] activated gates, cPrev: [H], dh: [H] (total gradient of h_new), dc: [H] gradient of c_new → of c_prev;
    // tanhC: [H] scratch → dGates: [4H] gradients of the pre-activations
    public static void LstmBackward<T>(ReadOnlySpan<T> act, ReadOnlySpan<T> cPrev, ReadOnlySpan<T> dh, Span<T> dc,
        Span<T> tanhC, Span<T> dGates) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hidden = cPrev.Length;
        ReadOnlySpan<T> i = act[..hidden], f = act.Slice(hidden, hidden), g = act.Slice(2 * hidden, hidden), o = act.Slice(3 * hidden, hidden);
        // c_new is recomputed rather than saved: one FMA per element against a [T,N,H] buffer.
        TensorPrimitives.Multiply(f, cPrev, tanhC);
        TensorPrimitives.FusedMultiplyAdd(i, g, tanhC, tanhC);
        TensorPrimitives.Tanh<T>(tanhC, tanhC);
        Span<T> di = dGates[..hidden], df = dGates.Slice(hidden, hidden), dg = dGates.Slice(2 * hidden, hidden), dO = dGates.Slice(3 * hidden, hidden);
        T one = T.One;
        for (int j = 0; j < hidden; j++)
        {
            T tc = tanhC[j], oj = o[j], ij = i[j], fj = f[j], gj = g[j], dhj = dh[j];
            T dcj = dc[j] + dhj * oj * (one - tc * tc);
            dO[j] = dhj * tc * oj * (one - oj);
            di[j] = dcj * gj * ij * (one - ij);
            df[j] = dcj * cPrev[j] * fj * (one - fj);
            dg[j] = dcj * ij * (one - gj * gj);
            dc[j] = dcj * fj;
        }
    }

    // gates: [3H] input projection (+ b_ih) pre-activations → r, z, n activated in place; hp: [3H] W_hh·h (no bias),
    // bHh: [3H] or empty; hn: [H] → W_hn·h + b_hn (saved for backward); h: [H] h_prev → h_new
    public static void GruForward<T>(Span<T> gates, ReadOnlySpan<T> hp, ReadOnlySpan<T> bHh, Span<T> hn, Span<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hidden = h.Length;
        Span<T> rz = gates[..(2 * hidden)], n = gates.Slice(2 * hidden, hidden);
        TensorPrimitives.Add<T>(rz, hp[..(2 * hidden)], rz);
        if (!bHh.IsEmpty)
        {
            TensorPrimitives.Add<T>(rz, bHh[..(2 * hidden)], rz);
            TensorPrimitives.Add<T>(hp.Slice(2 * hidden, hidden), bHh.Slice(2 * hidden, hidden), hn);
        }
        else
            hp.Slice(2 * hidden, hidden).CopyTo(hn);
        TensorPrimitives.Sigmoid<T>(rz, rz);
        TensorPrimitives.FusedMultiplyAdd<T>(rz[..hidden], hn, n, n);
        TensorPrimitives.Tanh<T>(n, n);
        // h' = (1 − z)·n + z·h = n + z·(h − n)
        Span<T> z = rz.Slice(hidden, hidden);
        TensorPrimitives.Subtract<T>(h, n, h);
        TensorPrimitives.FusedMultiplyAdd<T>(z, h, n, h);
    }

    // act: [3H] r, z, n; hn: [H]; hPrev: [H]; dh: [H] gradient of h_new → dhDirect: [H] (the part reaching h_prev
    // not through W_hh); dGx: [3H] gradients of the input-side pre-activations, dGh: [3H] of W_hh·h + b_hh
    public static void GruBackward<T>(ReadOnlySpan<T> act, ReadOnlySpan<T> hn, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> dh,
        Span<T> dhDirect, Span<T> dGx, Span<T> dGh) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hidden = hn.Length;
        T one = T.One;
        for (int j = 0; j < hidden; j++)
        {
            T r = act[j], z = act[hidden + j], n = act[2 * hidden + j], dhj = dh[j];
            T dan = dhj * (one - z) * (one - n * n);
            T dar = dan * hn[j] * r * (one - r);
            T daz = dhj * (hPrev[j] - n) * z * (one - z);
            dGx[j] = dar;
            dGx[hidden + j] = daz;
            dGx[2 * hidden + j] = dan;
            dGh[j] = dar;
            dGh[hidden + j] = daz;
            dGh[2 * hidden + j] = dan * r;
            dhDirect[j] = dhj * z;
        }
    }

    // gates: [H] pre-activations → h: [H] (tanh or relu)
    public static void RnnForward<T>(ReadOnlySpan<T> gates, Span<T> h, bool relu) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (relu)
            TensorPrimitives.Max<T>(gates, T.Zero, h);
        else
            TensorPrimitives.Tanh<T>(gates, h);
    }

    // h: [H] h_new, dh: [H] → dGates: [H]
    public static void RnnBackward<T>(ReadOnlySpan<T> h, ReadOnlySpan<T> dh, Span<T> dGates, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (relu)
            for (int j = 0; j < h.Length; j++)
                dGates[j] = h[j] > T.Zero ? dh[j] : T.Zero;
        else
            for (int j = 0; j < h.Length; j++)
                dGates[j] = dh[j] * (T.One - h[j] * h[j]);
    }

    // m: [rows, cols] → sum: [cols] (accumulated)
    public static void AddColumnSums<T>(ReadOnlySpan<T> m, int rows, int cols, Span<T> sum) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
            TensorPrimitives.Add<T>(sum, m.Slice(r * cols, cols), sum);
    }
}
