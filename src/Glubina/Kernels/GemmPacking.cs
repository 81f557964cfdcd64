using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Glubina.Kernels;

/// <summary>
/// Packing for the BLIS loops: blocks of A into MR-row micro-panels and blocks of B into NR-column
/// micro-panels, each stored p-major (one MR or NR strip per k step) and zero-padded at the edges so the
/// micro-kernel never branches on size. Strides are arbitrary; unit strides take the contiguous paths.
/// Hot loops are compiled fully optimised at once (AggressiveOptimization): tier-0 code here made small GEMMs
/// measurably slower while the process warmed up (docs/benchmarks.md).
/// </summary>
internal static unsafe class GemmPacking
{
    // a: [mc, kc] with (i,p) at a[i*aRs + p*aCs] → dst: ceil(mc/MR) panels of [kc, MR], panel q at dst + q*MR*kc
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T, TKernel>(int mc, int kc, T* a, nint aRs, nint aCs, T* dst)
        where T : unmanaged
        where TKernel : struct, IGemmMicroKernel<T>
    {
        int mr = TKernel.MR;
        int fullPanels = mc / mr;
        if (aRs == 1 && fullPanels > 0)
        {
            // Column-major A (a transposed operand): k step p is MR contiguous elements per panel. Eight k steps
            // at a time, panel by panel: reads stay sequential within eight source rows and writes go to one
            // panel at a time (panel-strided writes for every p would collide in a few L1 sets).
            for (int p0 = 0; p0 < kc; p0 += 8)
            {
                int pEnd = Math.Min(kc, p0 + 8);
                for (int q = 0; q < fullPanels; q++)
                {
                    T* s = a + q * mr + p0 * aCs;
                    T* d = dst + (nint)q * mr * kc + p0 * mr;
                    for (int p = p0; p < pEnd; p++, s += aCs, d += mr)
                        Unsafe.CopyBlockUnaligned(d, s, (uint)(mr * sizeof(T)));
                }
            }
        }
        for (int ir = aRs == 1 ? fullPanels * mr : 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            T* src = a + ir * aRs;
            T* d = dst + (nint)ir * kc;
            if (rows < mr)
                new Span<T>(d, kc * mr).Clear();
            if (aCs == 1)
            {
                // Row-major A: read each row contiguously, write it strided into the panel (which sits in L1).
                for (int i = 0; i < rows; i++)
                {
                    T* s = src + i * aRs;
                    T* di = d + i;
                    int p = 0;
                    for (; p + 4 <= kc; p += 4)
                    {
                        di[p * mr] = s[p];
                        di[(p + 1) * mr] = s[p + 1];
                        di[(p + 2) * mr] = s[p + 2];
                        di[(p + 3) * mr] = s[p + 3];
                    }
                    for (; p < kc; p++)
                        di[p * mr] = s[p];
                }
                continue;
            }
            for (int p = 0; p < kc; p++)
            {
                T* s = src + p * aCs;
                T* dp = d + p * mr;
                for (int i = 0; i < rows; i++)
                    dp[i] = s[i * aRs];
            }
        }
    }

    // b: [kc, nc] with (p,j) at b[p*bRs + j*bCs] → dst: ceil(nc/NR) panels of [kc, NR], panel q at dst + q*NR*kc
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T, TKernel>(int kc, int nc, T* b, nint bRs, nint bCs, T* dst)
        where T : unmanaged
        where TKernel : struct, IGemmMicroKernel<T>
    {
        int nr = TKernel.NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* src = b + jr * bCs;
            T* d = dst + (nint)jr * kc;
            if (bCs == 1 && cols == nr)
            {
                // Row-major B: each k step is NR contiguous elements (a constant-size copy the JIT unrolls).
                for (int p = 0; p < kc; p++)
                    Unsafe.CopyBlockUnaligned(d + p * nr, src + p * bRs, (uint)(nr * sizeof(T)));
                continue;
            }
            if (cols < nr && bCs == 1)
            {
                for (int p = 0; p < kc; p++)
                    CopyPadded(src + p * bRs, d + p * nr, cols, nr);
                continue;
            }
            if (cols < nr)
                new Span<T>(d, kc * nr).Clear();
            if (bRs == 1 && cols == nr && nr % 8 == 0 && typeof(T) == typeof(float) && Avx.IsSupported)
            {
                PackTransposedFloat(kc, nr, (float*)src, bCs, (float*)d);
                continue;
            }
            if (bRs == 1)
            {
                // Column-major B (a transposed operand): read each column contiguously, write it strided.
                for (int j = 0; j < cols; j++)
                {
                    T* s = src + j * bCs;
                    T* dj = d + j;
                    int p = 0;
                    for (; p + 4 <= kc; p += 4)
                    {
                        dj[p * nr] = s[p];
                        dj[(p + 1) * nr] = s[p + 1];
                        dj[(p + 2) * nr] = s[p + 2];
                        dj[(p + 3) * nr] = s[p + 3];
                    }
                    for (; p < kc; p++)
                        dj[p * nr] = s[p];
                }
                continue;
            }
            for (int p = 0; p < kc; p++)
            {
                T* s = src + p * bRs;
                T* dp = d + p * nr;
                for (int j = 0; j < cols; j++)
                    dp[j] = s[j * bCs];
            }
        }
    }

    // src: [nr, kc] row stride ld (B stored transposed, e.g. a Linear weight [out, in]) → dst: [kc, nr]
    // 8×8 blocks transposed in registers (unpack, shuffle, lane permute), the k remainder element-wise.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposedFloat(int kc, int nr, float* src, nint ld, float* dst)
    {
        int p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            for (int j = 0; j < nr; j += 8)
            {
                float* s = src + j * ld + p;
                Vector256<float> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + ld);
                Vector256<float> r2 = Avx.LoadVector256(s + 2 * ld), r3 = Avx.LoadVector256(s + 3 * ld);
                Vector256<float> r4 = Avx.LoadVector256(s + 4 * ld), r5 = Avx.LoadVector256(s + 5 * ld);
                Vector256<float> r6 = Avx.LoadVector256(s + 6 * ld), r7 = Avx.LoadVector256(s + 7 * ld);
                Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
                Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
                Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
                Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
                Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
                Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
                Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
                Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
                float* d = dst + p * nr + j;
                Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
                Avx.Store(d + nr, Avx.Permute2x128(u1, u5, 0x20));
                Avx.Store(d + 2 * nr, Avx.Permute2x128(u2, u6, 0x20));
                Avx.Store(d + 3 * nr, Avx.Permute2x128(u3, u7, 0x20));
                Avx.Store(d + 4 * nr, Avx.Permute2x128(u0, u4, 0x31));
                Avx.Store(d + 5 * nr, Avx.Permute2x128(u1, u5, 0x31));
                Avx.Store(d + 6 * nr, Avx.Permute2x128(u2, u6, 0x31));
                Avx.Store(d + 7 * nr, Avx.Permute2x128(u3, u7, 0x31));
            }
        }
        for (; p < kc; p++)
        {
            for (int j = 0; j < nr; j++)
                dst[p * nr + j] = src[j * ld + p];
        }
    }

    // src: [count] → dst: [count]; count is short (an edge row). Masked vector moves for float where AVX
    // is there: a call to memmove or a Span per edge row cost more than the micro-kernel on small GEMMs.
    // AVX-512 masks (k registers) first: AVX's vmaskmovps is slow on AMD and blocks store forwarding.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyShort<T>(T* src, T* dst, int count)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float) && Avx512F.IsSupported)
        {
            float* s = (float*)src, d = (float*)dst;
            int i = 0;
            for (; i + 16 <= count; i += 16)
                Vector512.Store(Vector512.Load(s + i), d + i);
            if (i < count)
            {
                Vector512<float> mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count - i)).AsSingle();
                Avx512F.MaskStore(d + i, mask, Avx512F.MaskLoad(s + i, mask, Vector512<float>.Zero));
            }
            return;
        }
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            float* s = (float*)src, d = (float*)dst;
            int i = 0;
            for (; i + 8 <= count; i += 8)
                Avx.Store(d + i, Avx.LoadVector256(s + i));
            if (i < count)
            {
                Vector256<float> mask = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count - i)).AsSingle();
                Avx.MaskStore(d + i, mask, Avx.MaskLoad(s + i, mask));
            }
            return;
        }
        for (int i = 0; i < count; i++)
            dst[i] = src[i];
    }

    // src: [count] → dst: [width], zero-filled past count (count ≤ width; width a multiple of 16 for float):
    // an edge row of a packed panel or of a temporary tile, written whole so nothing needs clearing first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyPadded<T>(T* src, T* dst, int count, int width)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float) && Avx512F.IsSupported && width % 16 == 0)
        {
            float* s = (float*)src, d = (float*)dst;
            for (int i = 0; i < width; i += 16)
            {
                Vector512<float> v;
                if (i + 16 <= count)
                    v = Vector512.Load(s + i);
                else if (i < count)
                    v = Avx512F.MaskLoad(s + i, Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count - i)).AsSingle(), Vector512<float>.Zero);
                else
                    v = Vector512<float>.Zero;
                Vector512.Store(v, d + i);
            }
            return;
        }
        if (typeof(T) == typeof(float) && Avx.IsSupported && width % 8 == 0)
        {
            float* s = (float*)src, d = (float*)dst;
            for (int i = 0; i < width; i += 8)
            {
                Vector256<float> v;
                if (i + 8 <= count)
                    v = Avx.LoadVector256(s + i);
                else if (i < count)
                    v = Avx.MaskLoad(s + i, Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count - i)).AsSingle());
                else
                    v = Vector256<float>.Zero;
                Avx.Store(d + i, v);
            }
            return;
        }
        int j = 0;
        for (; j < count; j++)
            dst[j] = src[j];
        for (; j < width; j++)
            dst[j] = default;
    }
}
