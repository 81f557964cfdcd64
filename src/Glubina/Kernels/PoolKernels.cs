using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Glubina.Kernels;

/// <summary>
/// Max, average and adaptive-average pooling over independent [H, W] planes (one per sample and channel), forward
/// and backward, as PyTorch computes them. Planes run in parallel when there is enough work. Arrays are contiguous
/// from the given offsets (inputs) or from 0 (outputs). The geometry's Channels is ignored.
/// </summary>
internal static class PoolKernels
{
    private const long ParallelMinWork = 1L << 16;

    // x: [P, H, W] → y: [P, OH, OW], indices: [P, OH, OW] (flat position h·W + w of each maximum in its plane)
    /// <summary>Max pooling; padding counts as −∞ and a NaN wins, the last of several in a window (as PyTorch). Records where each maximum came from
    /// when <paramref name="indices"/> is given (for the backward).</summary>
    public static void MaxForward<T>(T[] x, int xOffset, int planes, ConvGeometry g, T[] y, long[]? indices)
        where T : unmanaged, INumber<T>
    {
        bool pairs = g.KernelH == 2 && g.KernelW == 2 && g.StrideH == 2 && g.StrideW == 2 && g.PadTop == 0 && g.PadLeft == 0 &&
            g.DilationH == 1 && g.DilationW == 1 && 2 * g.OutH <= g.Height && 2 * g.OutW <= g.Width;
        ForPlanes(planes, (long)g.OutPlane * g.KernelH * g.KernelW, p =>
        {
            ReadOnlySpan<T> src = x.AsSpan(xOffset + p * g.InPlane, g.InPlane);
            Span<T> dst = y.AsSpan(p * g.OutPlane, g.OutPlane);
            Span<long> idx = indices is null ? default : indices.AsSpan(p * g.OutPlane, g.OutPlane);
            if (pairs)
            {
                MaxPairs(src, g, dst, idx);
                return;
            }
            for (int oh = 0; oh < g.OutH; oh++)
            {
                for (int ow = 0; ow < g.OutW; ow++)
                {
                    int h0 = oh * g.StrideH - g.PadTop, w0 = ow * g.StrideW - g.PadLeft;
                    T best = T.Zero;
                    int bestAt = -1;
                    for (int ki = 0; ki < g.KernelH; ki++)
                    {
                        int ih = h0 + ki * g.DilationH;
                        if ((uint)ih >= (uint)g.Height)
                            continue;
                        for (int kj = 0; kj < g.KernelW; kj++)
                        {
                            int iw = w0 + kj * g.DilationW;
                            if ((uint)iw >= (uint)g.Width)
                                continue;
                            T v = src[ih * g.Width + iw];
                            if (bestAt < 0 || v > best || T.IsNaN(v))
                            {
                                best = v;
                                bestAt = ih * g.Width + iw;
                            }
                        }
                    }
                    // A window wholly in the padding (possible only with dilation) gives −∞, as PyTorch.
                    dst[oh * g.OutW + ow] = bestAt < 0 ? T.CreateChecked(double.NegativeInfinity) : best;
                    if (!idx.IsEmpty)
                        idx[oh * g.OutW + ow] = bestAt;
                }
            }
        });
    }

    // The usual 2×2, stride-2 window inside the plane (LeNet, VGG): the vertical maximum of each row pair
    // vectorized, then pairs, with no data-dependent branches (on real activations those mispredict about every
    // other window). The index is the first of the window's four values, in the general loop's order, that equals
    // the maximum, or the last NaN, so ties and NaNs resolve as there.
    private static void MaxPairs<T>(ReadOnlySpan<T> src, ConvGeometry g, Span<T> dst, Span<long> idx) where T : unmanaged, INumber<T>
    {
        int width = g.Width;
        Span<T> column = width <= 1024 ? stackalloc T[width] : new T[width];
        for (int oh = 0; oh < g.OutH; oh++)
        {
            int top = 2 * oh * width;
            ReadOnlySpan<T> r0 = src.Slice(top, width), r1 = src.Slice(top + width, width);
            TensorPrimitives.Max(r0, r1, column);
            Span<T> outRow = dst.Slice(oh * g.OutW, g.OutW);
            if (idx.IsEmpty)
            {
                for (int ow = 0; ow < outRow.Length; ow++)
                    outRow[ow] = T.Max(column[2 * ow], column[2 * ow + 1]);
                continue;
            }
            Span<long> idxRow = idx.Slice(oh * g.OutW, g.OutW);
            for (int ow = 0; ow < outRow.Length; ow++)
            {
                int w = 2 * ow;
                T best = T.Max(column[w], column[w + 1]);
                // Which of the four equal the maximum, as 4 bits: one vector compare for float (scalar compares of
                // floats become branches, which mispredict on real data as much as the plain loop does).
                int hits = typeof(T) == typeof(float) && Vector128.IsHardwareAccelerated
                    ? (int)Vector128.Equals(
                        Vector128.Create(float.CreateTruncating(r0[w]), float.CreateTruncating(r0[w + 1]),
                            float.CreateTruncating(r1[w]), float.CreateTruncating(r1[w + 1])),
                        Vector128.Create(float.CreateTruncating(best))).ExtractMostSignificantBits()
                    : (r0[w] == best ? 1 : 0) | (r0[w + 1] == best ? 2 : 0) | (r1[w] == best ? 4 : 0) | (r1[w + 1] == best ? 8 : 0);
                int at = hits != 0
                    ? BitOperations.TrailingZeroCount(hits)
                    // The maximum is NaN: every NaN takes over in PyTorch's loop, so the last one.
                    : BitOperations.Log2((uint)(1 | (T.IsNaN(r0[w + 1]) ? 2 : 0) | (T.IsNaN(r1[w]) ? 4 : 0) | (T.IsNaN(r1[w + 1]) ? 8 : 0)));
                outRow[ow] = best;
                idxRow[ow] = top + w + (at & 1) + (at >> 1) * width;
            }
        }
    }

    // gy: [P, OH, OW], indices: [P, OH, OW] → gx: [P, H, W] (overwritten)
    public static void MaxBackward<T>(T[] gy, int gyOffset, long[] indices, int planes, ConvGeometry g, T[] gx)
        where T : unmanaged, INumber<T>
    {
        ForPlanes(planes, g.OutPlane + g.InPlane, p =>
        {
            Span<T> dst = gx.AsSpan(p * g.InPlane, g.InPlane);
            dst.Clear();
            ReadOnlySpan<T> src = gy.AsSpan(gyOffset + p * g.OutPlane, g.OutPlane);
            ReadOnlySpan<long> idx = indices.AsSpan(p * g.OutPlane, g.OutPlane);
            for (int i = 0; i < src.Length; i++)
                if (idx[i] >= 0)
                    dst[(int)idx[i]] += src[i];
        });
    }

    // x: [P, H, W] → y: [P, OH, OW]
    /// <summary>Average pooling; the divisor is the window size clipped to the padded input, or (without
    /// <paramref name="countIncludePad"/>) the number of real input positions in the window.</summary>
    public static void AvgForward<T>(T[] x, int xOffset, int planes, ConvGeometry g, bool countIncludePad, T[] y)
        where T : unmanaged, INumber<T>
    {
        ForPlanes(planes, (long)g.OutPlane * g.KernelH * g.KernelW, p =>
        {
            ReadOnlySpan<T> src = x.AsSpan(xOffset + p * g.InPlane, g.InPlane);
            Span<T> dst = y.AsSpan(p * g.OutPlane, g.OutPlane);
            for (int oh = 0; oh < g.OutH; oh++)
                for (int ow = 0; ow < g.OutW; ow++)
                {
                    var (h0, h1, w0, w1, divisor) = AvgWindow(g, oh, ow, countIncludePad);
                    T sum = T.Zero;
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++)
                            sum += src[ih * g.Width + iw];
                    dst[oh * g.OutW + ow] = divisor == 0 ? T.Zero : sum / T.CreateChecked(divisor);
                }
        });
    }

    // gy: [P, OH, OW] → gx: [P, H, W] (overwritten)
    public static void AvgBackward<T>(T[] gy, int gyOffset, int planes, ConvGeometry g, bool countIncludePad, T[] gx)
        where T : unmanaged, INumber<T>
    {
        ForPlanes(planes, (long)g.OutPlane * g.KernelH * g.KernelW, p =>
        {
            Span<T> dst = gx.AsSpan(p * g.InPlane, g.InPlane);
            dst.Clear();
            ReadOnlySpan<T> src = gy.AsSpan(gyOffset + p * g.OutPlane, g.OutPlane);
            for (int oh = 0; oh < g.OutH; oh++)
                for (int ow = 0; ow < g.OutW; ow++)
                {
                    var (h0, h1, w0, w1, divisor) = AvgWindow(g, oh, ow, countIncludePad);
                    if (divisor == 0)
                        continue;
                    T share = src[oh * g.OutW + ow] / T.CreateChecked(divisor);
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++)
                            dst[ih * g.Width + iw] += share;
                }
        });
    }

    // PyTorch's avg_pool2d window: clipped to the padded input for the divisor, then to the input for the sum.
    private static (int H0, int H1, int W0, int W1, int Divisor) AvgWindow(in ConvGeometry g, int oh, int ow, bool countIncludePad)
    {
        int h0 = oh * g.StrideH - g.PadTop, w0 = ow * g.StrideW - g.PadLeft;
        int h1 = Math.Min(h0 + g.KernelH, g.Height + g.PadTop), w1 = Math.Min(w0 + g.KernelW, g.Width + g.PadLeft);
        int poolSize = (h1 - h0) * (w1 - w0);
        h0 = Math.Max(h0, 0);
        w0 = Math.Max(w0, 0);
        h1 = Math.Min(h1, g.Height);
        w1 = Math.Min(w1, g.Width);
        return (h0, h1, w0, w1, countIncludePad ? poolSize : (h1 - h0) * (w1 - w0));
    }

    // x: [P, H, W] → y: [P, OH, OW]
    /// <summary>Adaptive average pooling: output cell i covers inputs ⌊i·H/OH⌋ … ⌈(i+1)·H/OH⌉ − 1 (as PyTorch).</summary>
    public static void AdaptiveAvgForward<T>(T[] x, int xOffset, int planes, int height, int width, int outH, int outW, T[] y)
        where T : unmanaged, INumber<T>
    {
        ForPlanes(planes, (long)height * width + outH * outW, p =>
        {
            ReadOnlySpan<T> src = x.AsSpan(xOffset + p * height * width, height * width);
            Span<T> dst = y.AsSpan(p * outH * outW, outH * outW);
            for (int oh = 0; oh < outH; oh++)
            {
                int h0 = oh * height / outH, h1 = ((oh + 1) * height + outH - 1) / outH;
                for (int ow = 0; ow < outW; ow++)
                {
                    int w0 = ow * width / outW, w1 = ((ow + 1) * width + outW - 1) / outW;
                    T sum = T.Zero;
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++)
                            sum += src[ih * width + iw];
                    dst[oh * outW + ow] = sum / T.CreateChecked((h1 - h0) * (w1 - w0));
                }
            }
        });
    }

    // gy: [P, OH, OW] → gx: [P, H, W] (overwritten)
    public static void AdaptiveAvgBackward<T>(T[] gy, int gyOffset, int planes, int height, int width, int outH, int outW, T[] gx)
        where T : unmanaged, INumber<T>
    {
        ForPlanes(planes, (long)height * width + outH * outW, p =>
        {
            Span<T> dst = gx.AsSpan(p * height * width, height * width);
            dst.Clear();
            ReadOnlySpan<T> src = gy.AsSpan(gyOffset + p * outH * outW, outH * outW);
            for (int oh = 0; oh < outH; oh++)
            {
                int h0 = oh * height / outH, h1 = ((oh + 1) * height + outH - 1) / outH;
                for (int ow = 0; ow < outW; ow++)
                {
                    int w0 = ow * width / outW, w1 = ((ow + 1) * width + outW - 1) / outW;
                    T share = src[oh * outW + ow] / T.CreateChecked((h1 - h0) * (w1 - w0));
                    for (int ih = h0; ih < h1; ih++)
                        for (int iw = w0; iw < w1; iw++)
                            dst[ih * width + iw] += share;
                }
            }
        });
    }

    /// <summary>Runs <paramref name="plane"/> for every plane, split into one contiguous range per thread when the
    /// total work is large enough to pay for the hand-off.</summary>
    private static void ForPlanes(int planes, long workPerPlane, Action<int> plane)
    {
        int parts = planes * workPerPlane < ParallelMinWork ? 1 : Math.Min(KernelThreads.Count, planes);
        if (parts <= 1)
        {
            for (int p = 0; p < planes; p++)
                plane(p);
            return;
        }
        KernelParallel.For(parts, part =>
        {
            var (start, end) = KernelParallel.Range(planes, parts, part);
            for (int p = start; p < end; p++)
                plane(p);
        });
    }
}
