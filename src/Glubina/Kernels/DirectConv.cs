using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Glubina.Kernels;

/// <summary>
/// Stride-1 2-D convolution of float images computed directly, without im2col. Each input channel is copied once
/// into a zero-bordered plane whose rows are as wide as an output row plus the kernel's reach; every kernel tap is
/// then one fixed shift of that plane, and a register of outputs is a sum of shifted loads times broadcast weights
/// (8 output channels at a time). Positions past the output width are computed and dropped: the price of
/// contiguous loads. For layers with few channels (LeNet's 1→6 and 6→16, a depthwise layer) this replaces
/// im2col's many-fold copy and a GEMM too thin to pay for its packing.
/// The input gradient is the same kernel run on the output gradient with the weights flipped and transposed
/// (a stride-1 convolution's adjoint); the weight gradient is a dot product of the same shifted planes with the
/// output gradient, summed over the batch in vector registers.
/// Layouts as <see cref="ConvKernel"/>: x: [N, G·Cg, H, W], w: [G·OCg, Cg, kH, kW], y: [N, G·OCg, OH, OW].
/// </summary>
internal static unsafe class DirectConv
{
    // Output channels per register block of the forward (one accumulator register each).
    private const int Block = 8;

    // Output channels per block of the weight gradient (4 channels × 2 or 4 taps in registers).
    private const int GradBlock = 4;

    // The samples of one weight-gradient pass keep their planes under this many floats (an L2's worth).
    private const int GradChunkFloats = 1 << 16;

    // Below this many multiply-adds per call the batch is not split across threads.
    private const long ParallelMinMacs = 1L << 18;

    // Below this many the channel blocks of fewer samples than threads are not split either: each thread then spreads
    // the same planes, and at batch 1 a 16→32 layer on 14² (0.9M) ran slower split, a 32→32 one on 32² (9.4M) faster.
    private const long ParallelMinBlockMacs = 1L << 22;

    /// <summary>Whether this machine has the fused multiply-add registers the kernel is written for.</summary>
    public static bool Supported => Fma.IsSupported && Vector256.IsHardwareAccelerated;

    [ThreadStatic]
    private static bool t_disabled;

    /// <summary>Off sends the calling thread's convolutions to im2col + GEMM (tests compare the two paths,
    /// benchmarks time them).</summary>
    internal static bool Enabled
    {
        get => !t_disabled;
        set => t_disabled = !value;
    }

    private static bool Wide => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>Whether the forward and the input gradient of a convolution of this shape take the direct path:
    /// stride 1 (1×1 convolutions multiply the image in place already), and each sample's bordered planes small
    /// enough to stay in L2 while every block of output channels sweeps them (measured 1.3–1.6× faster than
    /// im2col + GEMM from 1→6 up to 64→64 channels on 16×16–32×32 images).</summary>
    public static bool Applies(in ConvGeometry g, int outPerGroup) =>
        Enabled && Supported && g.StrideH == 1 && g.StrideW == 1 && !g.IsPointwise
        && PlaneFloats(g, g.Channels) <= MaxPlaneFloats && PlaneFloats(g, outPerGroup) <= MaxPlaneFloats;

    /// <summary>Whether the input gradient takes the direct path too: its output channels are the layer's input
    /// channels, so with fewer than 6 of them most of each 8-channel register block would be wasted, and with more
    /// than 32 output channels to sum over col2im of one GEMM is as fast (measured).</summary>
    public static bool InputGradientApplies(in ConvGeometry g, int outPerGroup) =>
        Applies(g, outPerGroup) && g.Channels >= 6 && outPerGroup <= 32;

    /// <summary>Whether the weight gradient takes the direct path too: with 512-bit registers (4 channels × 4 taps per
    /// pass) below 64 output channels, with 256-bit ones (4 × 2) up to 16; or whenever a channel has at most 64 taps.
    /// Measured (512-bit): 1.3–3.9× faster than im2col + GEMM from LeNet's layers to 32→32 on 32², level at 32→64,
    /// 7% slower at 64→64, where the GEMM's 8×32 register blocking wins.</summary>
    public static bool WeightGradientApplies(in ConvGeometry g, int outPerGroup) =>
        Applies(g, outPerGroup) && (outPerGroup < (Wide ? 64 : 17) || g.ColRows <= 64);

    // One sample's bordered planes of this many channels (the input's, or the output gradient's for the adjoint).
    private static long PlaneFloats(in ConvGeometry g, int channels) =>
        (long)channels * (g.OutH + 2 * g.DilationH * (g.KernelH - 1)) * (g.OutW + 2 * g.DilationW * (g.KernelW - 1));

    private const long MaxPlaneFloats = 1 << 16;

    /// <summary>Where one sample's zero-bordered planes and its flat outputs live: output (oh, ow) is flat position
    /// oh·RowWidth + ow, and tap (c, ki, kj) reads the input planes at that position shifted by a fixed offset.</summary>
    private readonly struct Layout
    {
        public readonly int RowWidth, Rows, Plane, Length, InputSize, OutputRows;

        public Layout(in ConvGeometry g, int outChannels, int lanes, int rowMultiple)
        {
            RowWidth = g.OutW + g.DilationW * (g.KernelW - 1);
            Rows = g.OutH + g.DilationH * (g.KernelH - 1);
            Plane = Rows * RowWidth;
            Length = (g.OutH * RowWidth + lanes - 1) / lanes * lanes;
            // One past the furthest read: the last position at the last tap of the last channel.
            InputSize = (g.Channels - 1) * Plane + Length + (Rows - g.OutH) * RowWidth + RowWidth - g.OutW;
            OutputRows = (outChannels + rowMultiple - 1) / rowMultiple * rowMultiple;
        }
    }

    // x: [N, G·Cg, H, W], w: [G·OCg, Cg, kH, kW], bias: [G·OCg] → y: [N, G·OCg, OH, OW]
    public static void Forward(float[] x, int xOffset, float[] w, int wOffset, float[]? bias, int biasOffset,
        int batch, int groups, int outPerGroup, in ConvGeometry g, float[] y)
    {
        int taps = g.ColRows, rows = (outPerGroup + Block - 1) / Block * Block;
        float[] packed = ArrayPool<float>.Shared.Rent(groups * rows * taps);
        float[] packedBias = ArrayPool<float>.Shared.Rent(groups * rows);
        for (int gi = 0; gi < groups; gi++)
        {
            PackWeights(w.AsSpan(wOffset + gi * outPerGroup * taps, outPerGroup * taps), outPerGroup, taps,
                packed.AsSpan(gi * rows * taps, rows * taps));
            Span<float> b = packedBias.AsSpan(gi * rows, rows);
            b.Clear();
            bias?.AsSpan(biasOffset + gi * outPerGroup, outPerGroup).CopyTo(b);
        }
        Convolve(x, xOffset, batch, groups, outPerGroup, g, packed, packedBias, y);
        ArrayPool<float>.Shared.Return(packed);
        ArrayPool<float>.Shared.Return(packedBias);
    }

    // gy: [N, G·OCg, OH, OW], w: [G·OCg, Cg, kH, kW] → gx: [N, G·Cg, H, W] (overwritten)
    /// <summary>The input gradient: a stride-1 convolution of the output gradient, padded by the kernel's reach
    /// less the forward padding, with each group's weights flipped in space and transposed in channels.</summary>
    public static void InputGradient(float[] gy, int gyOffset, float[] w, int wOffset,
        int batch, int groups, int outPerGroup, in ConvGeometry g, float[] gx)
    {
        var adjoint = new ConvGeometry(outPerGroup, g.OutH, g.OutW, g.KernelH, g.KernelW, 1, 1,
            g.DilationH * (g.KernelH - 1) - g.PadTop, g.DilationW * (g.KernelW - 1) - g.PadLeft,
            g.DilationH, g.DilationW, g.Height, g.Width);
        int taps = adjoint.ColRows, rows = (g.Channels + Block - 1) / Block * Block, kernel = g.KernelH * g.KernelW;
        float[] packed = ArrayPool<float>.Shared.Rent(groups * rows * taps);
        float[] zeros = ArrayPool<float>.Shared.Rent(groups * rows);
        zeros.AsSpan(0, groups * rows).Clear();
        for (int gi = 0; gi < groups; gi++)
        {
            // packed[c block][(o, ki, kj)][c in block] = w[o, c, kH−1−ki, kW−1−kj]
            Span<float> dst = packed.AsSpan(gi * rows * taps, rows * taps);
            dst.Clear();
            ReadOnlySpan<float> wg = w.AsSpan(wOffset + gi * outPerGroup * g.ColRows, outPerGroup * g.ColRows);
            for (int c = 0; c < g.Channels; c++)
                for (int o = 0; o < outPerGroup; o++)
                    for (int k = 0; k < kernel; k++)
                        dst[(c / Block * taps + o * kernel + k) * Block + c % Block] = wg[(o * g.Channels + c) * kernel + kernel - 1 - k];
        }
        Convolve(gy, gyOffset, batch, groups, g.Channels, adjoint, packed, zeros, gx);
        ArrayPool<float>.Shared.Return(packed);
        ArrayPool<float>.Shared.Return(zeros);
    }

    // w: [OC, taps] → packed: [OC/Block blocks][taps][Block], zero for the channels past OC
    private static void PackWeights(ReadOnlySpan<float> w, int outChannels, int taps, Span<float> packed)
    {
        packed.Clear();
        for (int o = 0; o < outChannels; o++)
            for (int t = 0; t < taps; t++)
                packed[(o / Block * taps + t) * Block + o % Block] = w[o * taps + t];
    }

    // x: [N, G·C, H, W] (C = g.Channels) → y: [N, G·outPerGroup, OH, OW], with weights and bias packed per group
    private static void Convolve(float[] x, int xOffset, int batch, int groups, int outPerGroup, ConvGeometry g,
        float[] packed, float[] packedBias, float[] y)
    {
        if (Wide)
            Convolve<Vector512<float>, Lanes512>(x, xOffset, batch, groups, outPerGroup, g, packed, packedBias, y);
        else
            Convolve<Vector256<float>, Lanes256>(x, xOffset, batch, groups, outPerGroup, g, packed, packedBias, y);
    }

    private static void Convolve<TV, TL>(float[] x, int xOffset, int batch, int groups, int outPerGroup, ConvGeometry g,
        float[] packed, float[] packedBias, float[] y)
        where TV : unmanaged where TL : struct, IFloatLanes<TV>
    {
        var layout = new Layout(g, outPerGroup, TL.Count, Block);
        int taps = g.ColRows, inGroup = g.Channels * g.InPlane, outGroup = outPerGroup * g.OutPlane;
        int[] offsets = Offsets(g, layout, 0);
        // Work items are (sample, group, block of 8 output channels). With at least a sample per thread the threads
        // take whole samples; with fewer samples (batch 1 at inference) they split the channel blocks too, each
        // thread spreading the planes it needs itself.
        int blocks = layout.OutputRows / Block, items = batch * groups * blocks;
        long macs = (long)batch * groups * outPerGroup * g.OutPlane * taps;
        bool bySample = batch >= KernelThreads.Count;
        int parts = bySample ? Parts(batch, macs) : macs < ParallelMinBlockMacs ? 1 : Math.Min(KernelThreads.Count, items);
        void Part(int part)
        {
            float[] planes = ArrayPool<float>.Shared.Rent(layout.InputSize);
            float[] flat = ArrayPool<float>.Shared.Rent(layout.OutputRows * layout.Length);
            fixed (float* px = x, pw = packed, pb = packedBias, py = y, xb = planes, yf = flat)
            fixed (int* off = offsets)
            {
                var (start, end) = Range(bySample ? batch : items, parts, part);
                if (bySample)
                    (start, end) = (start * groups * blocks, end * groups * blocks);
                int spread = -1;
                for (int item = start; item < end; item++)
                {
                    int plane = item / blocks, row = item % blocks * Block;   // plane = n·groups + gi
                    if (plane != spread)
                    {
                        Spread(px + xOffset + plane * inGroup, g, layout, xb);
                        spread = plane;
                    }
                    int gi = plane % groups;
                    Accumulate<TV, TL>(xb, off, taps, pw + gi * layout.OutputRows * taps, pb + gi * layout.OutputRows, layout, row, yf);
                    Gather(yf, layout, g, row, Math.Min(outPerGroup, row + Block), py + plane * outGroup);
                }
            }
            ArrayPool<float>.Shared.Return(planes);
            ArrayPool<float>.Shared.Return(flat);
        }
        if (parts == 1)
            Part(0);
        else
            KernelParallel.For(parts, Part);
        ArrayPool<int>.Shared.Return(offsets);
    }

    // xb: one sample's planes → rows [b, b + Block) of yf: [OutputRows, Length], bias + Σ over taps of weight × shifted plane
    private static void Accumulate<TV, TL>(float* xb, int* offsets, int taps, float* packed, float* bias, in Layout l, int b, float* yf)
        where TV : unmanaged where TL : struct, IFloatLanes<TV>
    {
        int lanes = TL.Count, length = l.Length;
        float* wb = packed + b * taps;
        for (int p = 0; p < length; p += lanes)
        {
            TV a0 = TL.Broadcast(bias[b]), a1 = TL.Broadcast(bias[b + 1]), a2 = TL.Broadcast(bias[b + 2]), a3 = TL.Broadcast(bias[b + 3]);
            TV a4 = TL.Broadcast(bias[b + 4]), a5 = TL.Broadcast(bias[b + 5]), a6 = TL.Broadcast(bias[b + 6]), a7 = TL.Broadcast(bias[b + 7]);
            float* src = xb + p, wt = wb;
            for (int t = 0; t < taps; t++, wt += Block)
            {
                TV v = TL.Load(src + offsets[t]);
                a0 = TL.MultiplyAdd(TL.Broadcast(wt[0]), v, a0);
                a1 = TL.MultiplyAdd(TL.Broadcast(wt[1]), v, a1);
                a2 = TL.MultiplyAdd(TL.Broadcast(wt[2]), v, a2);
                a3 = TL.MultiplyAdd(TL.Broadcast(wt[3]), v, a3);
                a4 = TL.MultiplyAdd(TL.Broadcast(wt[4]), v, a4);
                a5 = TL.MultiplyAdd(TL.Broadcast(wt[5]), v, a5);
                a6 = TL.MultiplyAdd(TL.Broadcast(wt[6]), v, a6);
                a7 = TL.MultiplyAdd(TL.Broadcast(wt[7]), v, a7);
            }
            float* dst = yf + b * length + p;
            TL.Store(dst, a0);
            TL.Store(dst + length, a1);
            TL.Store(dst + 2 * length, a2);
            TL.Store(dst + 3 * length, a3);
            TL.Store(dst + 4 * length, a4);
            TL.Store(dst + 5 * length, a5);
            TL.Store(dst + 6 * length, a6);
            TL.Store(dst + 7 * length, a7);
        }
    }

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
                var (start, end) = Range(batch, parts, part);
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

    // offsets[t] for tap t = (c·kH + ki)·kW + kj: where it reads the planes, relative to the output position
    // (extra: that many dummy taps at offset 0 at the end)
    private static int[] Offsets(in ConvGeometry g, in Layout l, int extra)
    {
        int[] offsets = ArrayPool<int>.Shared.Rent(g.ColRows + extra);
        int t = 0;
        for (int c = 0; c < g.Channels; c++)
            for (int ki = 0; ki < g.KernelH; ki++)
                for (int kj = 0; kj < g.KernelW; kj++)
                    offsets[t++] = c * l.Plane + ki * g.DilationH * l.RowWidth + kj * g.DilationW;
        offsets.AsSpan(t, extra).Clear();
        return offsets;
    }

    // x: [C, H, W] → planes: [C, Rows, RowWidth] (plane stride Plane), the image at row PadTop and column PadLeft,
    // zero elsewhere; a negative padding crops.
    private static void Spread(float* x, in ConvGeometry g, in Layout l, float* planes)
    {
        new Span<float>(planes, l.InputSize).Clear();
        int c0 = Math.Max(0, g.PadLeft), c1 = Math.Min(l.RowWidth, g.PadLeft + g.Width);
        int r0 = Math.Max(0, g.PadTop), r1 = Math.Min(l.Rows, g.PadTop + g.Height);
        if (c1 <= c0 || r1 <= r0)
            return;
        bool wholeRows = c0 == 0 && c1 == g.Width && l.RowWidth == g.Width;
        for (int c = 0; c < g.Channels; c++)
        {
            float* src = x + c * g.InPlane + (r0 - g.PadTop) * g.Width + c0 - g.PadLeft, dst = planes + c * l.Plane + r0 * l.RowWidth + c0;
            if (wholeRows)
                CopyRow(src, dst, (r1 - r0) * g.Width);
            else
                for (int r = r0; r < r1; r++, src += g.Width, dst += l.RowWidth)
                    CopyRow(src, dst, c1 - c0);
        }
    }

    // gy: [OC, OH, OW] → flat: [OutputRows, Length] at positions oh·RowWidth + ow, zero elsewhere
    private static void Scatter(float* gy, in Layout l, in ConvGeometry g, int outChannels, float* flat)
    {
        new Span<float>(flat, l.OutputRows * l.Length).Clear();
        for (int o = 0; o < outChannels; o++)
            for (int oh = 0; oh < g.OutH; oh++)
                CopyRow(gy + (o * g.OutH + oh) * g.OutW, flat + o * l.Length + oh * l.RowWidth, g.OutW);
    }

    // rows [first, end) of flat: [OutputRows, Length] → y: [OC, OH, OW], dropping the positions past the output width
    private static void Gather(float* flat, in Layout l, in ConvGeometry g, int first, int end, float* y)
    {
        for (int o = first; o < end; o++)
            for (int oh = 0; oh < g.OutH; oh++)
                CopyRow(flat + o * l.Length + oh * l.RowWidth, y + (o * g.OutH + oh) * g.OutW, g.OutW);
    }

    // n floats from src to dst (not overlapping). Rows here are short (10–32 floats), where a few overlapping
    // vector moves beat a call to memmove.
    private static void CopyRow(float* src, float* dst, int n)
    {
        if (n < Vector256<float>.Count)
        {
            for (int i = 0; i < n; i++)
                dst[i] = src[i];
            return;
        }
        int last = n - Vector256<float>.Count;
        for (int i = 0; i < last; i += Vector256<float>.Count)
            Vector256.Load(src + i).Store(dst + i);
        Vector256.Load(src + last).Store(dst + last);
    }

    private static int Parts(int batch, long macs) =>
        macs < ParallelMinMacs ? 1 : Math.Max(1, Math.Min(KernelThreads.Count, batch));

    private static (int Start, int End) Range(int count, int parts, int part) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));
}
