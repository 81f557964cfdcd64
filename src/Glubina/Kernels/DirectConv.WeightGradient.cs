using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Glubina.Kernels;

/// <summary>The weight gradient of <see cref="DirectConv"/>: dot products of the shifted input planes with the output
/// gradient, summed over the batch in vector registers. Two register blockings, because 4 channels × 4 taps (16
/// sums) fits 512-bit machines' 32 registers and spills on 256-bit ones' 16, where 4 × 2 measured faster.</summary>
internal static unsafe partial class DirectConv
{
    // x: [N, G·Cg, H, W], gy: [N, G·OCg, OH, OW] → gw: [G·OCg, Cg, kH, kW] (overwritten)
    /// <summary>The weight gradient, Σ over samples and positions of gy × the shifted input planes. Positions past
    /// the output width carry a zero gradient, so the input must be finite there (0·∞ is NaN): callers check
    /// <see cref="AllFinite"/> first.</summary>
    public static void WeightGradient(float[] x, int xOffset, float[] gy, int gyOffset,
        int batch, int groups, int outPerGroup, in ConvGeometry g, float[] gw)
    {
        if (Wide)
            WeightGradient<Vector512<float>, Lanes512>(x, xOffset, gy, gyOffset, batch, groups, outPerGroup, g, gw);
        else
            WeightGradient<Vector256<float>, Lanes256>(x, xOffset, gy, gyOffset, batch, groups, outPerGroup, g, gw);
    }

    /// <summary>Whether every value of the span is finite (a sum that overflows also says no, which only sends the
    /// caller to the slower exact path).</summary>
    public static bool AllFinite(ReadOnlySpan<float> values) => float.IsFinite(TensorPrimitives.Sum(values));

    private static void WeightGradient<TV, TL>(float[] x, int xOffset, float[] gy, int gyOffset,
        int batch, int groups, int outPerGroup, ConvGeometry g, float[] gw)
        where TV : unmanaged where TL : struct, IFloatLanes<TV>
    {
        var layout = new Layout(g, outPerGroup, TL.Count, GradBlock);
        int taps = g.ColRows, inGroup = g.Channels * g.InPlane, outGroup = outPerGroup * g.OutPlane, wSize = groups * outPerGroup * taps;
        // The last taps are grouped with dummies at offset 0 whose sums are dropped.
        int[] offsets = Offsets(g, layout, 3);
        int sampleFloats = layout.InputSize + layout.OutputRows * layout.Length;
        int chunk = Math.Clamp(GradChunkFloats / sampleFloats, 1, Math.Max(1, batch));
        int parts = Parts(batch, (long)batch * groups * outPerGroup * g.OutPlane * taps);
        // Part p sums its samples into its own buffer (part 0 into gw); they are added in part order at the end,
        // so a fixed thread count gives the same result every time.
        float[][] partials = new float[parts][];
        partials[0] = gw;
        for (int p = 1; p < parts; p++)
            partials[p] = ArrayPool<float>.Shared.Rent(wSize);
        void Part(int part)
        {
            float[] buffer = ArrayPool<float>.Shared.Rent(chunk * sampleFloats);
            float[] sum = partials[part];
            sum.AsSpan(0, wSize).Clear();
            fixed (float* px = x, pg = gy, pbuf = buffer, ps = sum)
            fixed (int* off = offsets)
            {
                var (start, end) = KernelParallel.Range(batch, parts, part);
                for (int first = start; first < end; first += chunk)
                {
                    int count = Math.Min(chunk, end - first);
                    for (int gi = 0; gi < groups; gi++)
                    {
                        for (int j = 0; j < count; j++)
                        {
                            float* planes = pbuf + j * sampleFloats, grads = planes + layout.InputSize;
                            Spread(px + xOffset + ((first + j) * groups + gi) * inGroup, g, layout, planes);
                            Scatter(pg + gyOffset + ((first + j) * groups + gi) * outGroup, layout, g, outPerGroup, grads);
                        }
                        if (TL.Count == 16)
                            CorrelateFourTaps<TV, TL>(pbuf, count, sampleFloats, off, taps, layout, outPerGroup, ps + gi * outPerGroup * taps);
                        else
                            Correlate<TV, TL>(pbuf, count, sampleFloats, off, taps, layout, outPerGroup, ps + gi * outPerGroup * taps);
                    }
                }
            }
            ArrayPool<float>.Shared.Return(buffer);
        }
        if (parts == 1)
            Part(0);
        else
            KernelParallel.For(parts, Part);
        for (int p = 1; p < parts; p++)
        {
            TensorPrimitives.Add(gw.AsSpan(0, wSize), partials[p].AsSpan(0, wSize), gw.AsSpan(0, wSize));
            ArrayPool<float>.Shared.Return(partials[p]);
        }
        ArrayPool<int>.Shared.Return(offsets);
    }

    // samples × (planes, flat gradients [OutputRows, Length]) → gw[o, t] += Σ_samples Σ_positions gy[o, p] · planes[p + offset t]
    private static void Correlate<TV, TL>(float* buffer, int count, int sampleFloats, int* offsets, int taps, in Layout l,
        int outChannels, float* gw)
        where TV : unmanaged where TL : struct, IFloatLanes<TV>
    {
        int lanes = TL.Count, length = l.Length;
        for (int b = 0; b < l.OutputRows; b += GradBlock)
            for (int t = 0; t < taps; t += 2)
            {
                TV zero = TL.Broadcast(0f);
                TV a0 = zero, a1 = zero, a2 = zero, a3 = zero, c0 = zero, c1 = zero, c2 = zero, c3 = zero;
                for (int j = 0; j < count; j++)
                {
                    float* planes = buffer + j * sampleFloats;
                    float* s0 = planes + offsets[t], s1 = planes + offsets[t + 1];
                    float* gr = planes + l.InputSize + b * length;
                    for (int p = 0; p < length; p += lanes)
                    {
                        TV u = TL.Load(s0 + p), v = TL.Load(s1 + p);
                        TV g0 = TL.Load(gr + p), g1 = TL.Load(gr + length + p), g2 = TL.Load(gr + 2 * length + p), g3 = TL.Load(gr + 3 * length + p);
                        a0 = TL.MultiplyAdd(g0, u, a0);
                        a1 = TL.MultiplyAdd(g1, u, a1);
                        a2 = TL.MultiplyAdd(g2, u, a2);
                        a3 = TL.MultiplyAdd(g3, u, a3);
                        c0 = TL.MultiplyAdd(g0, v, c0);
                        c1 = TL.MultiplyAdd(g1, v, c1);
                        c2 = TL.MultiplyAdd(g2, v, c2);
                        c3 = TL.MultiplyAdd(g3, v, c3);
                    }
                }
                Add(gw, outChannels, taps, b, t, TL.Sum(a0), TL.Sum(a1), TL.Sum(a2), TL.Sum(a3));
                if (t + 1 < taps)
                    Add(gw, outChannels, taps, b, t + 1, TL.Sum(c0), TL.Sum(c1), TL.Sum(c2), TL.Sum(c3));
            }
    }

    // As Correlate with 4 channels × 4 taps per pass, for 512-bit registers (32 of them hold the 16 sums): each
    // gradient row is loaded once per 4 taps instead of 2.
    private static void CorrelateFourTaps<TV, TL>(float* buffer, int count, int sampleFloats, int* offsets, int taps, in Layout l,
        int outChannels, float* gw)
        where TV : unmanaged where TL : struct, IFloatLanes<TV>
    {
        int lanes = TL.Count, length = l.Length;
        for (int b = 0; b < l.OutputRows; b += GradBlock)
            for (int t = 0; t < taps; t += 4)
            {
                TV zero = TL.Broadcast(0f);
                TV a0 = zero, a1 = zero, a2 = zero, a3 = zero, b0 = zero, b1 = zero, b2 = zero, b3 = zero;
                TV c0 = zero, c1 = zero, c2 = zero, c3 = zero, d0 = zero, d1 = zero, d2 = zero, d3 = zero;
                for (int j = 0; j < count; j++)
                {
                    float* planes = buffer + j * sampleFloats;
                    float* s0 = planes + offsets[t], s1 = planes + offsets[t + 1], s2 = planes + offsets[t + 2], s3 = planes + offsets[t + 3];
                    float* gr = planes + l.InputSize + b * length;
                    for (int p = 0; p < length; p += lanes)
                    {
                        TV g0 = TL.Load(gr + p), g1 = TL.Load(gr + length + p), g2 = TL.Load(gr + 2 * length + p), g3 = TL.Load(gr + 3 * length + p);
                        TV u = TL.Load(s0 + p);
                        a0 = TL.MultiplyAdd(g0, u, a0);
                        a1 = TL.MultiplyAdd(g1, u, a1);
                        a2 = TL.MultiplyAdd(g2, u, a2);
                        a3 = TL.MultiplyAdd(g3, u, a3);
                        u = TL.Load(s1 + p);
                        b0 = TL.MultiplyAdd(g0, u, b0);
                        b1 = TL.MultiplyAdd(g1, u, b1);
                        b2 = TL.MultiplyAdd(g2, u, b2);
                        b3 = TL.MultiplyAdd(g3, u, b3);
                        u = TL.Load(s2 + p);
                        c0 = TL.MultiplyAdd(g0, u, c0);
                        c1 = TL.MultiplyAdd(g1, u, c1);
                        c2 = TL.MultiplyAdd(g2, u, c2);
                        c3 = TL.MultiplyAdd(g3, u, c3);
                        u = TL.Load(s3 + p);
                        d0 = TL.MultiplyAdd(g0, u, d0);
                        d1 = TL.MultiplyAdd(g1, u, d1);
                        d2 = TL.MultiplyAdd(g2, u, d2);
                        d3 = TL.MultiplyAdd(g3, u, d3);
                    }
                }
                Add(gw, outChannels, taps, b, t, TL.Sum(a0), TL.Sum(a1), TL.Sum(a2), TL.Sum(a3));
                if (t + 1 < taps)
                    Add(gw, outChannels, taps, b, t + 1, TL.Sum(b0), TL.Sum(b1), TL.Sum(b2), TL.Sum(b3));
                if (t + 2 < taps)
                    Add(gw, outChannels, taps, b, t + 2, TL.Sum(c0), TL.Sum(c1), TL.Sum(c2), TL.Sum(c3));
                if (t + 3 < taps)
                    Add(gw, outChannels, taps, b, t + 3, TL.Sum(d0), TL.Sum(d1), TL.Sum(d2), TL.Sum(d3));
            }
    }

    // gw[b + i, t] += s_i for the real channels of the block
    private static void Add(float* gw, int outChannels, int taps, int b, int t, float s0, float s1, float s2, float s3)
    {
        if (b < outChannels) gw[b * taps + t] += s0;
        if (b + 1 < outChannels) gw[(b + 1) * taps + t] += s1;
        if (b + 2 < outChannels) gw[(b + 2) * taps + t] += s2;
        if (b + 3 < outChannels) gw[(b + 3) * taps + t] += s3;
    }
}
