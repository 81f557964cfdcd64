using System.Runtime.CompilerServices;

namespace Glubina.Kernels;

/// <summary>
/// Packing for the BLIS loops: blocks of A into MR-row micro-panels and blocks of B into NR-column
/// micro-panels, each stored p-major (one MR or NR strip per k step) and zero-padded at the edges so the
/// micro-kernel never branches on size. Strides are arbitrary; unit strides take the contiguous paths.
/// </summary>
internal static unsafe class GemmPacking
{
    // a: [mc, kc] with (i,p) at a[i*aRs + p*aCs] → dst: ceil(mc/MR) panels of [kc, MR], panel q at dst + q*MR*kc
    public static void PackA<T, TKernel>(int mc, int kc, T* a, nint aRs, nint aCs, T* dst)
        where T : unmanaged
        where TKernel : struct, IGemmMicroKernel<T>
    {
        int mr = TKernel.MR;
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            T* src = a + ir * aRs;
            T* d = dst + (nint)ir * kc;
            if (aRs == 1 && rows == mr)
            {
                // Column-major A (a transposed operand): each k step is MR contiguous elements.
                for (int p = 0; p < kc; p++)
                    Unsafe.CopyBlockUnaligned(d + p * mr, src + p * aCs, (uint)(mr * sizeof(T)));
                continue;
            }
            if (rows < mr)
            {
                for (int p = 0; p < kc; p++)
                    new Span<T>(d + p * mr + rows, mr - rows).Clear();
            }
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
            if (cols < nr)
            {
                for (int p = 0; p < kc; p++)
                    new Span<T>(d + p * nr + cols, nr - cols).Clear();
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
}
