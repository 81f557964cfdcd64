using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Glubina.Kernels;

/// <summary>
/// 2-D convolution (cross-correlation, as PyTorch) and its gradients, choosing the path of each part: stride-1
/// float convolutions go to <see cref="DirectConv"/> for the forward, input gradient and weight gradient as far as
/// its rules (Applies, InputGradientApplies, WeightGradientApplies) take them; everything else (other strides,
/// float64, the parts the rules leave out) runs here by im2col into the packed GEMM, per group:
/// y[n,g] = W[g]·col(x[n,g]); samples with small output planes share one GEMM (their columns side by side), and a
/// 1×1 convolution with stride 1 and no padding multiplies the image directly (no im2col). Large batches run in
/// parallel over samples (one range per thread, each with its own pooled buffer); small ones run chunk by chunk
/// with the threads inside the GEMM. Arrays are passed with offsets: x, w and gy are contiguous from their
/// offsets; y, gx, gw and gb from 0.
/// </summary>
internal static class ConvKernel
{
    // Below this many multiply-adds per call the batch is not split across threads.
    private const long ParallelMinMacs = 1L << 18;

    // x: [N, G·Cg, H, W], w: [G·OCg, Cg, kH, kW], bias: [G·OCg] → y: [N, G·OCg, OH, OW]; g describes one group (Channels = Cg)
    public static void Forward<T>(T[] x, int xOffset, T[] w, int wOffset, T[]? bias, int biasOffset,
        int batch, int groups, int outPerGroup, in ConvGeometry g, T[] y)
        where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float) && DirectConv.Applies(g, outPerGroup))
        {
            DirectConv.Forward((float[])(object)x, xOffset, (float[])(object)w, wOffset, (float[]?)(object?)bias, biasOffset,
                batch, groups, outPerGroup, g, (float[])(object)y);
            return;
        }
        int outChannels = groups * outPerGroup, outPlane = g.OutPlane, k = g.ColRows;
        var geometry = g;
        // Small output planes: the columns of several samples go side by side into one GEMM (n = samples·OH·OW),
        // which keeps the micro-kernel busy; the product is then copied into each sample's rows.
        int chunk = geometry.IsPointwise || outPlane >= MinGemmColumns ? 1 : Math.Min(batch, (MinGemmColumns + outPlane - 1) / outPlane);
        void Samples(int first, int count, int threads, T[]? buffer)
        {
            int ld = count * outPlane;
            for (int gi = 0; gi < groups; gi++)
            {
                ReadOnlySpan<T> wg = w.AsSpan(wOffset + gi * outPerGroup * k);
                if (buffer is null)
                {
                    // 1×1: the image is the column matrix (count is 1).
                    ReadOnlySpan<T> xg = x.AsSpan(xOffset + first * groups * geometry.Channels * geometry.InPlane
                        + gi * geometry.Channels * geometry.InPlane, geometry.Channels * geometry.InPlane);
                    Span<T> yg = y.AsSpan((first * outChannels + gi * outPerGroup) * outPlane, outPerGroup * outPlane);
                    FillBias(bias, biasOffset + gi * outPerGroup, outPerGroup, outPlane, yg, outPlane);
                    Gemm(threads, outPerGroup, outPlane, k, wg, k, 1, xg, outPlane, 1, yg, outPlane, accumulate: bias is not null);
                    continue;
                }
                Span<T> col = buffer.AsSpan(0, k * ld);
                // One sample: the product goes straight into y.
                Span<T> product = count == 1
                    ? y.AsSpan((first * outChannels + gi * outPerGroup) * outPlane, outPerGroup * outPlane)
                    : buffer.AsSpan(k * ld, outPerGroup * ld);
                for (int j = 0; j < count; j++)
                    Im2Col.Run<T>(x.AsSpan(xOffset + (first + j) * groups * geometry.Channels * geometry.InPlane
                        + gi * geometry.Channels * geometry.InPlane, geometry.Channels * geometry.InPlane), geometry, col[(j * outPlane)..], ld);
                FillBias(bias, biasOffset + gi * outPerGroup, outPerGroup, outPlane * count, product, ld);
                Gemm(threads, outPerGroup, ld, k, wg, k, 1, col, ld, 1, product, ld, accumulate: bias is not null);
                for (int j = 0; j < count && count > 1; j++)
                    for (int o = 0; o < outPerGroup; o++)
                        product.Slice(o * ld + j * outPlane, outPlane)
                            .CopyTo(y.AsSpan(((first + j) * outChannels + gi * outPerGroup + o) * outPlane, outPlane));
            }
        }
        int bufferSize = geometry.IsPointwise ? 0 : (k + outPerGroup) * chunk * outPlane;
        RunBatch<T>(batch, chunk, (long)batch * outChannels * outPlane * k, bufferSize, Samples);
    }

    // Fewest GEMM columns worth one call; below this, samples are batched into one product.
    private const int MinGemmColumns = 512;

    // bias: [rows] → c: [rows, columns] (row stride ld), each row filled with its bias; nothing without bias.
    private static void FillBias<T>(T[]? bias, int offset, int rows, int columns, Span<T> c, int ld)
    {
        if (bias is null)
            return;
        for (int o = 0; o < rows; o++)
            c.Slice(o * ld, columns).Fill(bias[offset + o]);
    }

    // x: [N, G·Cg, H, W], w: [G·OCg, Cg, kH, kW], gy: [N, G·OCg, OH, OW] → gx: [N, G·Cg, H, W], gw: [G·OCg, Cg, kH, kW], gb: [G·OCg]
    /// <summary>Gradients of <see cref="Forward{T}"/>; any of gx, gw, gb may be null (not wanted). Outputs are overwritten.</summary>
    public static void Backward<T>(T[] x, int xOffset, T[] w, int wOffset, T[] gy, int gyOffset,
        int batch, int groups, int outPerGroup, in ConvGeometry g, T[]? gx, T[]? gw, T[]? gb)
        where T : unmanaged, INumber<T>
    {
        int outChannels = groups * outPerGroup, outPlane = g.OutPlane;
        if (gb is not null)
        {
            gb.AsSpan(0, outChannels).Clear();
            for (int n = 0; n < batch; n++)
                for (int o = 0; o < outChannels; o++)
                    gb[o] += TensorPrimitives.Sum<T>(gy.AsSpan(gyOffset + (n * outChannels + o) * outPlane, outPlane));
        }
        bool direct = typeof(T) == typeof(float) && DirectConv.Applies(g, outPerGroup);
        bool directGx = gx is not null && direct && DirectConv.InputGradientApplies(g, outPerGroup);
        // The direct weight gradient multiplies junk positions by a zero gradient, which needs a finite input.
        bool directGw = gw is not null && direct && DirectConv.WeightGradientApplies(g, outPerGroup)
            && DirectConv.AllFinite(((float[])(object)x).AsSpan(xOffset, batch * groups * g.Channels * g.InPlane));
        if (directGx)
            DirectConv.InputGradient((float[])(object)gy, gyOffset, (float[])(object)w, wOffset, batch, groups, outPerGroup, g,
                (float[])(object)gx!);
        if (directGw)
            DirectConv.WeightGradient((float[])(object)x, xOffset, (float[])(object)gy, gyOffset, batch, groups, outPerGroup, g,
                (float[])(object)gw!);
        T[]? restGx = directGx ? null : gx, restGw = directGw ? null : gw;
        if (restGx is not null || restGw is not null)
            Im2ColBackward(x, xOffset, w, wOffset, gy, gyOffset, batch, groups, outPerGroup, g, restGx, restGw);
    }

    // The input and weight gradients by col2im of Wᵀ·gy and gy·colᵀ.
    private static void Im2ColBackward<T>(T[] x, int xOffset, T[] w, int wOffset, T[] gy, int gyOffset,
        int batch, int groups, int outPerGroup, in ConvGeometry g, T[]? gx, T[]? gw)
        where T : unmanaged, INumber<T>
    {
        int outChannels = groups * outPerGroup, outPlane = g.OutPlane, k = g.ColRows;
        int inSample = groups * g.Channels * g.InPlane, wSize = outChannels * k;
        int parts = PartsFor(batch, (long)batch * outChannels * outPlane * k * (gx is null || gw is null ? 1 : 2));
        // Each part sums its samples' weight gradients into its own buffer (part 0 into gw); they are added in part
        // order at the end, so a fixed thread count gives the same result every time.
        T[][]? partials = gw is null ? null : new T[parts][];
        if (partials is not null)
        {
            partials[0] = gw!;
            for (int p = 1; p < parts; p++)
                partials[p] = ArrayPool<T>.Shared.Rent(wSize);
            for (int p = 0; p < parts; p++)
                partials[p].AsSpan(0, wSize).Clear();
        }
        var geometry = g;
        bool pointwise = g.IsPointwise;
        int inGroup = g.Channels * g.InPlane;
        // As in the forward, small output planes are handled several samples per GEMM: the samples' gy rows are
        // gathered side by side ([OCg, count·P]) next to their column matrices.
        int chunk = pointwise || outPlane >= MinGemmColumns ? 1 : Math.Min(batch, (MinGemmColumns + outPlane - 1) / outPlane);
        int bufferSize = pointwise ? 0 : (k + (chunk > 1 ? outPerGroup : 0)) * chunk * outPlane;
        void Part(int part, int threads)
        {
            T[]? buffer = bufferSize > 0 ? ArrayPool<T>.Shared.Rent(bufferSize) : null;
            try
            {
                var (start, end) = KernelParallel.Range(batch, parts, part);
                for (int first = start; first < end; first += chunk)
                {
                    int count = Math.Min(chunk, end - first), ld = count * outPlane;
                    for (int gi = 0; gi < groups; gi++)
                    {
                        ReadOnlySpan<T> wg = w.AsSpan(wOffset + gi * outPerGroup * k, outPerGroup * k);
                        int xg = xOffset + first * inSample + gi * inGroup;
                        ReadOnlySpan<T> gyg = gy.AsSpan(gyOffset + (first * outChannels + gi * outPerGroup) * outPlane);
                        if (buffer is null)
                        {
                            // 1×1 (count is 1): the image is the column matrix and dcol is the input gradient.
                            if (partials is not null)
                                Gemm(threads, outPerGroup, k, outPlane, gyg, outPlane, 1, x.AsSpan(xg, inGroup), 1, outPlane,
                                    partials[part].AsSpan(gi * outPerGroup * k, outPerGroup * k), k, accumulate: true);
                            if (gx is not null)
                                Gemm(threads, k, outPlane, outPerGroup, wg, 1, k, gyg, outPlane, 1,
                                    gx.AsSpan(first * inSample + gi * inGroup, inGroup), outPlane, accumulate: false);
                            continue;
                        }
                        Span<T> col = buffer.AsSpan(0, k * ld);
                        int gyLd = outPlane;
                        if (count > 1)
                        {
                            Span<T> gathered = buffer.AsSpan(k * ld, outPerGroup * ld);
                            for (int j = 0; j < count; j++)
                                for (int o = 0; o < outPerGroup; o++)
                                    gy.AsSpan(gyOffset + ((first + j) * outChannels + gi * outPerGroup + o) * outPlane, outPlane)
                                        .CopyTo(gathered.Slice(o * ld + j * outPlane, outPlane));
                            gyg = gathered;
                            gyLd = ld;
                        }
                        if (partials is not null)
                        {
                            for (int j = 0; j < count; j++)
                                Im2Col.Run<T>(x.AsSpan(xg + j * inSample, inGroup), geometry, col[(j * outPlane)..], ld);
                            // gw[g] += gy·colᵀ: [OCg, count·P]·[count·P, K]
                            Gemm(threads, outPerGroup, k, ld, gyg, gyLd, 1, col, 1, ld,
                                partials[part].AsSpan(gi * outPerGroup * k, outPerGroup * k), k, accumulate: true);
                        }
                        if (gx is not null)
                        {
                            // dcol = W[g]ᵀ·gy: [K, OCg]·[OCg, count·P], then each sample's columns back onto its image
                            Gemm(threads, k, ld, outPerGroup, wg, 1, k, gyg, gyLd, 1, col, ld, accumulate: false);
                            for (int j = 0; j < count; j++)
                            {
                                Span<T> gxg = gx.AsSpan((first + j) * inSample + gi * inGroup, inGroup);
                                gxg.Clear();
                                Col2Im.Run<T>(col[(j * outPlane)..], geometry, gxg, ld);
                            }
                        }
                    }
                }
            }
            finally
            {
                if (buffer is not null)
                    ArrayPool<T>.Shared.Return(buffer);
            }
        }
        if (parts == 1)
            Part(0, KernelThreads.Count);
        else
            KernelParallel.For(parts, p => Part(p, 1));
        if (partials is not null)
        {
            Span<T> total = gw.AsSpan(0, wSize);
            for (int p = 1; p < parts; p++)
            {
                TensorPrimitives.Add(total, partials[p].AsSpan(0, wSize), total);
                ArrayPool<T>.Shared.Return(partials[p]);
            }
        }
    }

    /// <summary>How many parts the batch is split into: one per thread when the batch is large enough.</summary>
    private static int PartsFor(int batch, long macs) =>
        macs < ParallelMinMacs ? 1 : Math.Max(1, Math.Min(KernelThreads.Count, batch));

    /// <summary>Runs <paramref name="samples"/>(first, count, threads, buffer) over the batch in chunks of at most
    /// <paramref name="chunk"/> samples: split across threads (one pooled buffer each) when the batch is large enough,
    /// else chunk by chunk with the threads inside the GEMM.</summary>
    private static void RunBatch<T>(int batch, int chunk, long macs, int bufferSize, Action<int, int, int, T[]?> samples)
    {
        int parts = PartsFor(batch, macs);
        void Part(int part, int threads)
        {
            T[]? buffer = bufferSize > 0 ? ArrayPool<T>.Shared.Rent(bufferSize) : null;
            try
            {
                var (start, end) = KernelParallel.Range(batch, parts, part);
                for (int n = start; n < end; n += chunk)
                    samples(n, Math.Min(chunk, end - n), threads, buffer);
            }
            finally
            {
                if (buffer is not null)
                    ArrayPool<T>.Shared.Return(buffer);
            }
        }
        if (parts == 1)
            Part(0, KernelThreads.Count);
        else
            KernelParallel.For(parts, p => Part(p, 1));
    }

    // a: [m,k], b: [k,n] → c: [m,n]
    private static void Gemm<T>(int threads, int m, int n, int k, ReadOnlySpan<T> a, int aRowStride, int aColStride,
        ReadOnlySpan<T> b, int bRowStride, int bColStride, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            Kernels.Gemm.SgemmBatched(GemmKernel.Auto, threads, 1, m, n, k,
                MemoryMarshal.Cast<T, float>(a), 0, aRowStride, aColStride,
                MemoryMarshal.Cast<T, float>(b), 0, bRowStride, bColStride,
                MemoryMarshal.Cast<T, float>(c), 0, ldc, accumulate);
        else if (typeof(T) == typeof(double))
            Kernels.Gemm.DgemmBatched(GemmKernel.Auto, threads, 1, m, n, k,
                MemoryMarshal.Cast<T, double>(a), 0, aRowStride, aColStride,
                MemoryMarshal.Cast<T, double>(b), 0, bRowStride, bColStride,
                MemoryMarshal.Cast<T, double>(c), 0, ldc, accumulate);
        else
            throw new NotSupportedException($"Convolution supports float and double, not {typeof(T).Name}.");
    }
}
