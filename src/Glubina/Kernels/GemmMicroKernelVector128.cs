using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Glubina.Kernels;

// a: [6, kc] strided, b: packed [kc, 8] → c: [6, 8] (row stride ldc)
/// <summary>
/// The portable single-precision micro-kernel on <c>Vector128</c> (SSE on x64, AdvSimd on Arm64): a 6×8 tile
/// in 12 accumulators, which fits the 16 xmm registers of x64 without spilling. Multiply-add is fused where
/// the hardware has FMA.
/// </summary>
internal readonly unsafe struct GemmMicroKernelVector128 : IGemmMicroKernel<float>
{
    public static int MR => 6;

    public static int NR => 8;

    public static int KC => 256;

    public static int MC => 120;

    public static int NC => 4080;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, float* a, nint aRs, nint aCs, float* b, float* c, nint ldc, bool accumulate)
    {
        Vector128<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate)
        {
            c00 = Vector128.Load(c);
            c01 = Vector128.Load(c + 4);
            c10 = Vector128.Load(c + 1 * ldc);
            c11 = Vector128.Load(c + 1 * ldc + 4);
            c20 = Vector128.Load(c + 2 * ldc);
            c21 = Vector128.Load(c + 2 * ldc + 4);
            c30 = Vector128.Load(c + 3 * ldc);
            c31 = Vector128.Load(c + 3 * ldc + 4);
            c40 = Vector128.Load(c + 4 * ldc);
            c41 = Vector128.Load(c + 4 * ldc + 4);
            c50 = Vector128.Load(c + 5 * ldc);
            c51 = Vector128.Load(c + 5 * ldc + 4);
        }
        else
        {
            c00 = Vector128<float>.Zero;
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c00;
        }

        nint aRs2 = aRs * 2;
        float* a0 = a;
        float* a1 = a + 3 * aRs;
        for (nint p = 0; p < kc; p++)
        {
            Vector128<float> b0 = Vector128.Load(b);
            Vector128<float> b1 = Vector128.Load(b + 4);
            Vector128<float> x;
            x = Vector128.Create(a0[0]);
            c00 = Vector128.MultiplyAddEstimate(x, b0, c00);
            c01 = Vector128.MultiplyAddEstimate(x, b1, c01);
            x = Vector128.Create(a0[aRs]);
            c10 = Vector128.MultiplyAddEstimate(x, b0, c10);
            c11 = Vector128.MultiplyAddEstimate(x, b1, c11);
            x = Vector128.Create(a0[aRs2]);
            c20 = Vector128.MultiplyAddEstimate(x, b0, c20);
            c21 = Vector128.MultiplyAddEstimate(x, b1, c21);
            x = Vector128.Create(a1[0]);
            c30 = Vector128.MultiplyAddEstimate(x, b0, c30);
            c31 = Vector128.MultiplyAddEstimate(x, b1, c31);
            x = Vector128.Create(a1[aRs]);
            c40 = Vector128.MultiplyAddEstimate(x, b0, c40);
            c41 = Vector128.MultiplyAddEstimate(x, b1, c41);
            x = Vector128.Create(a1[aRs2]);
            c50 = Vector128.MultiplyAddEstimate(x, b0, c50);
            c51 = Vector128.MultiplyAddEstimate(x, b1, c51);
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
