using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Glubina.Kernels;

// a: [6, kc] strided, b: packed [kc, 8] → c: [6, 8] (row stride ldc)
/// <summary>
/// The AVX2 + FMA double-precision micro-kernel: a 6×8 tile in 12 ymm accumulators.
/// </summary>
internal readonly unsafe struct GemmMicroKernelAvx2Double : IGemmMicroKernel<double>
{
    public static int MR => 6;

    public static int NR => 8;

    public static int KC => 256;

    public static int MC => 96;

    public static int NC => 2040;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, double* a, nint aRs, nint aCs, double* b, double* c, nint ldc, bool accumulate)
    {
        Vector256<double> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate)
        {
            c00 = Vector256.Load(c);
            c01 = Vector256.Load(c + 4);
            c10 = Vector256.Load(c + 1 * ldc);
            c11 = Vector256.Load(c + 1 * ldc + 4);
            c20 = Vector256.Load(c + 2 * ldc);
            c21 = Vector256.Load(c + 2 * ldc + 4);
            c30 = Vector256.Load(c + 3 * ldc);
            c31 = Vector256.Load(c + 3 * ldc + 4);
            c40 = Vector256.Load(c + 4 * ldc);
            c41 = Vector256.Load(c + 4 * ldc + 4);
            c50 = Vector256.Load(c + 5 * ldc);
            c51 = Vector256.Load(c + 5 * ldc + 4);
        }
        else
        {
            c00 = Vector256<double>.Zero;
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c00;
        }

        // Rows 3g..3g+2 are read at [ag], [ag + aRs], [ag + 2*aRs]: packed (aRs = 1, aCs = MR) or straight from
        // a row-major A (aRs = lda, aCs = 1) with the same code.
        nint aRs2 = aRs * 2;
        double* a0 = a;
        double* a1 = a + 3 * aRs;
        for (nint p = 0; p < kc; p++)
        {
            Vector256<double> b0 = Vector256.Load(b);
            Vector256<double> b1 = Vector256.Load(b + 4);
            Vector256<double> x;
            x = Vector256.Create(a0[0]);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a0[aRs]);
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a0[aRs2]);
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a1[0]);
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a1[aRs]);
            c40 = Fma.MultiplyAdd(x, b0, c40);
            c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a1[aRs2]);
            c50 = Fma.MultiplyAdd(x, b0, c50);
            c51 = Fma.MultiplyAdd(x, b1, c51);
            a0 += aCs;
            a1 += aCs;
            b += 8;
        }

        c00.Store(c);
        c01.Store(c + 4);
        c10.Store(c + 1 * ldc);
        c11.Store(c + 1 * ldc + 4);
        c20.Store(c + 2 * ldc);
        c21.Store(c + 2 * ldc + 4);
        c30.Store(c + 3 * ldc);
        c31.Store(c + 3 * ldc + 4);
        c40.Store(c + 4 * ldc);
        c41.Store(c + 4 * ldc + 4);
        c50.Store(c + 5 * ldc);
        c51.Store(c + 5 * ldc + 4);
    }
}
