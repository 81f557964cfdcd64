using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Glubina.Kernels;

// a: [8, kc] strided, b: packed [kc, 32] → c: [8, 32] (row stride ldc)
/// <summary>
/// The AVX-512F single-precision micro-kernel: an 8×32 tile in 16 of the 32 zmm registers. Measured on
/// Zen 5 against 6×32, 7×32, 10×32, 12×32, 14×32, 8×48 and 4×64 (see docs/benchmarks.md): taller
/// tiles read more rows of an in-place A at once, and with a power-of-two row stride those rows collide in
/// the same L1 sets; 4×64 wastes half its width on N = 32 layers.
/// </summary>
internal readonly unsafe struct GemmMicroKernelAvx512 : IGemmMicroKernel<float>
{
    public static int MR => 8;

    public static int NR => 32;

    public static int KC => 320;

    public static int MC => 128;

    public static int NC => 4096;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, float* a, nint aRs, nint aCs, float* b, float* c, nint ldc, bool accumulate)
    {
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (accumulate)
        {
            c00 = Vector512.Load(c);
            c01 = Vector512.Load(c + 16);
            c10 = Vector512.Load(c + 1 * ldc);
            c11 = Vector512.Load(c + 1 * ldc + 16);
            c20 = Vector512.Load(c + 2 * ldc);
            c21 = Vector512.Load(c + 2 * ldc + 16);
            c30 = Vector512.Load(c + 3 * ldc);
            c31 = Vector512.Load(c + 3 * ldc + 16);
            c40 = Vector512.Load(c + 4 * ldc);
            c41 = Vector512.Load(c + 4 * ldc + 16);
            c50 = Vector512.Load(c + 5 * ldc);
            c51 = Vector512.Load(c + 5 * ldc + 16);
            c60 = Vector512.Load(c + 6 * ldc);
            c61 = Vector512.Load(c + 6 * ldc + 16);
            c70 = Vector512.Load(c + 7 * ldc);
            c71 = Vector512.Load(c + 7 * ldc + 16);
        }
        else
        {
            c00 = Vector512<float>.Zero;
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = c00;
        }

        // Rows 3g..3g+2 are read at [ag], [ag + aRs], [ag + 2*aRs]: packed (aRs = 1, aCs = MR) or straight from
        // a row-major A (aRs = lda, aCs = 1) with the same code.
        nint aRs2 = aRs * 2;
        float* a0 = a;
        float* a1 = a + 3 * aRs;
        float* a2 = a + 6 * aRs;
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> x;
            x = Vector512.Create(a0[0]);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a0[aRs]);
            c10 = Avx512F.FusedMultiplyAdd(x, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a0[aRs2]);
            c20 = Avx512F.FusedMultiplyAdd(x, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a1[0]);
            c30 = Avx512F.FusedMultiplyAdd(x, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a1[aRs]);
            c40 = Avx512F.FusedMultiplyAdd(x, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a1[aRs2]);
            c50 = Avx512F.FusedMultiplyAdd(x, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a2[0]);
            c60 = Avx512F.FusedMultiplyAdd(x, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a2[aRs]);
            c70 = Avx512F.FusedMultiplyAdd(x, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
            a0 += aCs;
            a1 += aCs;
            a2 += aCs;
            b += 32;
        }

        c00.Store(c);
        c01.Store(c + 16);
        c10.Store(c + 1 * ldc);
        c11.Store(c + 1 * ldc + 16);
        c20.Store(c + 2 * ldc);
        c21.Store(c + 2 * ldc + 16);
        c30.Store(c + 3 * ldc);
        c31.Store(c + 3 * ldc + 16);
        c40.Store(c + 4 * ldc);
        c41.Store(c + 4 * ldc + 16);
        c50.Store(c + 5 * ldc);
        c51.Store(c + 5 * ldc + 16);
        c60.Store(c + 6 * ldc);
        c61.Store(c + 6 * ldc + 16);
        c70.Store(c + 7 * ldc);
        c71.Store(c + 7 * ldc + 16);
    }
}
