using System.Buffers;
using System.Runtime.Intrinsics;

namespace Glubina.Kernels;

/// <summary>
/// Stride-1 2-D convolution of float images computed directly, without im2col. Each input channel is copied once
/// into a zero-bordered plane whose rows are as wide as an output row plus the kernel's reach; every kernel tap is
/// then one fixed shift of that plane, and a register of outputs is a sum of shifted loads times broadcast weights
/// (8 output channels at a time). Positions past the output width are computed and dropped: the price of
/// contiguous loads. It replaces im2col's many-fold copy (25-fold for LeNet's first layer) and, with few channels,
/// a GEMM too thin to pay for its packing; which parts of which layers go direct is measured (the Applies rules).
/// The input gradient is the same kernel run on the output gradient with the weights flipped and transposed
/// (a stride-1 convolution's adjoint); the weight gradient is a dot product of the same shifted planes with the
/// output gradient, summed over the batch in vector registers.
/// Layouts as <see cref="ConvKernel"/>: x: [N, G·Cg, H, W], w: [G·OCg, Cg, kH, kW], y: [N, G·OCg, OH, OW].
/// </summary>
internal static unsafe partial class DirectConv
{
    // Output channels per register block of the forward (one accumulator register each).
    private const int Block = 8;

    // Output channels per block of the weight gradient (4 channels × 2 or 4 taps in registers).
    private const int GradBlock = 4;

    // The samples of one weight-gradient pass keep their planes under this many floats (an L2's worth).
    private const int GradChunkFloats = 1 << 16;

    // Below this many multiply-adds per call the batch is not split across threads.
    private const long ParallelMinMacs = 1L << 18;

    // Below this many the channel blocks of fewer samples than threads are not split either: each thread then builds
    // the same bordered planes, which pays only for large layers (the measured crossover at batch 1 is in docs/benchmarks.md).
    private const long ParallelMinBlockMacs = 1L << 22;

    /// <summary>Whether this machine has the fused multiply-add registers the kernel is written for.</summary>
    public static bool Supported => Lanes256.IsAccelerated;

    [ThreadStatic]
    private static bool t_disabled;

    /// <summary>Off sends the calling thread's convolutions to im2col + GEMM (tests compare the two paths,
    /// benchmarks time them).</summary>
    internal static bool Enabled
    {
        get => !t_disabled;
        set => t_disabled = !value;
    }

    private static bool Wide => Lanes512.IsAccelerated;

    /// <summary>Whether the forward and the input gradient of a convolution of this shape take the direct path:
    /// stride 1 (1×1 convolutions multiply the image in place already), and each sample's bordered planes small
    /// enough to stay in L2 while every block of output channels sweeps them; there the direct forward beat
    /// im2col + GEMM on every layer measured (docs/benchmarks.md).</summary>
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
    /// With more output channels the GEMM's 8×32 register blocking wins (measured: docs/benchmarks.md).</summary>
    public static bool WeightGradientApplies(in ConvGeometry g, int outPerGroup) =>
        Applies(g, outPerGroup) && (outPerGroup < (Wide ? 64 : 17) || g.ColRows <= 64);

    // One sample's bordered planes of this many channels (the input's, or the output gradient's for the adjoint).
    private static long PlaneFloats(in ConvGeometry g, int channels) =>
        (long)channels * (g.OutH + 2 * g.DilationH * (g.KernelH - 1)) * (g.OutW + 2 * g.DilationW * (g.KernelW - 1));

    private const long MaxPlaneFloats = 1 << 16;

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
                var (start, end) = KernelParallel.Range(bySample ? batch : items, parts, part);
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

    private static int Parts(int batch, long macs) =>
        macs < ParallelMinMacs ? 1 : Math.Max(1, Math.Min(KernelThreads.Count, batch));
}
