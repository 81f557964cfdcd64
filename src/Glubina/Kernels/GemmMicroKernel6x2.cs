using System.Runtime.CompilerServices;

namespace Glubina.Kernels;

// a: [6, kc] strided, b: packed [kc, 2·L] → c: [6, 2·L] (row stride ldc), L = TL.Count
/// <summary>
/// The 6-row × 2-vector register tile, written once for any register width and element type: 12 accumulators,
/// two B vectors and one broadcast A value, which fits 16 vector registers (ymm or xmm) without spilling.
/// <see cref="GemmMicroKernelAvx2"/> (float 6×16), <see cref="GemmMicroKernelAvx2Double"/> (double 6×8) and
/// <see cref="GemmMicroKernelVector128"/> (float 6×8) are its instantiations; each element of C is one
/// <c>TL.MultiplyAdd</c> chain over p in order, so the lane struct decides what is fused.
/// </summary>
internal static unsafe class GemmMicroKernel6x2<TV, T, TL>
    where TV : unmanaged
    where T : unmanaged
    where TL : struct, IVectorLanes<TV, T>
{
    public static int MR => 6;

    public static int NR => 2 * TL.Count;

    /// <summary>The <see cref="IGemmMicroKernel{T}.Run"/> of the instantiations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, T* a, nint aRs, nint aCs, T* b, T* c, nint ldc, bool accumulate)
    {
        nint w = TL.Count;
        TV c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate)
        {
            c00 = TL.Load(c);
            c01 = TL.Load(c + w);
            c10 = TL.Load(c + 1 * ldc);
            c11 = TL.Load(c + 1 * ldc + w);
            c20 = TL.Load(c + 2 * ldc);
            c21 = TL.Load(c + 2 * ldc + w);
            c30 = TL.Load(c + 3 * ldc);
            c31 = TL.Load(c + 3 * ldc + w);
            c40 = TL.Load(c + 4 * ldc);
            c41 = TL.Load(c + 4 * ldc + w);
            c50 = TL.Load(c + 5 * ldc);
            c51 = TL.Load(c + 5 * ldc + w);
        }
        else
        {
            c00 = default;
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c00;
        }

        // Rows 3g..3g+2 are read at [ag], [ag + aRs], [ag + 2*aRs]: packed (aRs = 1, aCs = MR) or straight from
        // a row-major A (aRs = lda, aCs = 1) with the same code.
        nint aRs2 = aRs * 2;
        T* a0 = a;
        T* a1 = a + 3 * aRs;
        for (nint p = 0; p < kc; p++)
        {
            TV b0 = TL.Load(b);
            TV b1 = TL.Load(b + w);
            TV x;
            x = TL.Broadcast(a0[0]);
            c00 = TL.MultiplyAdd(x, b0, c00);
            c01 = TL.MultiplyAdd(x, b1, c01);
            x = TL.Broadcast(a0[aRs]);
            c10 = TL.MultiplyAdd(x, b0, c10);
            c11 = TL.MultiplyAdd(x, b1, c11);
            x = TL.Broadcast(a0[aRs2]);
            c20 = TL.MultiplyAdd(x, b0, c20);
            c21 = TL.MultiplyAdd(x, b1, c21);
            x = TL.Broadcast(a1[0]);
            c30 = TL.MultiplyAdd(x, b0, c30);
            c31 = TL.MultiplyAdd(x, b1, c31);
            x = TL.Broadcast(a1[aRs]);
            c40 = TL.MultiplyAdd(x, b0, c40);
            c41 = TL.MultiplyAdd(x, b1, c41);
            x = TL.Broadcast(a1[aRs2]);
            c50 = TL.MultiplyAdd(x, b0, c50);
            c51 = TL.MultiplyAdd(x, b1, c51);
            a0 += aCs;
            a1 += aCs;
            b += 2 * w;
        }

        TL.Store(c, c00);
        TL.Store(c + w, c01);
        TL.Store(c + 1 * ldc, c10);
        TL.Store(c + 1 * ldc + w, c11);
        TL.Store(c + 2 * ldc, c20);
        TL.Store(c + 2 * ldc + w, c21);
        TL.Store(c + 3 * ldc, c30);
        TL.Store(c + 3 * ldc + w, c31);
        TL.Store(c + 4 * ldc, c40);
        TL.Store(c + 4 * ldc + w, c41);
        TL.Store(c + 5 * ldc, c50);
        TL.Store(c + 5 * ldc + w, c51);
    }
}
