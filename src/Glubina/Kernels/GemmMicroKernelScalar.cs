using System.Numerics;

namespace Glubina.Kernels;

// a: [4, kc] strided, b: packed [kc, 4] → c: [4, 4] (row stride ldc)
/// <summary>
/// The no-SIMD micro-kernel (float and double): a 4×4 tile of scalar accumulators. It is what runs with
/// hardware intrinsics switched off, so it uses no vector type at all.
/// </summary>
internal readonly unsafe struct GemmMicroKernelScalar<T> : IGemmMicroKernel<T>
    where T : unmanaged, INumberBase<T>
{
    public static int MR => 4;

    public static int NR => 4;

    public static int KC => 256;

    public static int MC => 64;

    public static int NC => 1024;

    public static void Run(nint kc, T* a, nint aRs, nint aCs, T* b, T* c, nint ldc, bool accumulate)
    {
        T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
        T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
        T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
        T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
        T* c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc;
        if (accumulate)
        {
            c00 = c[0]; c01 = c[1]; c02 = c[2]; c03 = c[3];
            c10 = c1[0]; c11 = c1[1]; c12 = c1[2]; c13 = c1[3];
            c20 = c2[0]; c21 = c2[1]; c22 = c2[2]; c23 = c2[3];
            c30 = c3[0]; c31 = c3[1]; c32 = c3[2]; c33 = c3[3];
        }

        T* a0 = a, a1 = a + aRs, a2 = a + 2 * aRs, a3 = a + 3 * aRs;
        for (nint p = 0; p < kc; p++)
        {
            T b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            T x = *a0;
            c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
            x = *a1;
            c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
            x = *a2;
            c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
            x = *a3;
            c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
            a0 += aCs; a1 += aCs; a2 += aCs; a3 += aCs;
            b += 4;
        }

        c[0] = c00; c[1] = c01; c[2] = c02; c[3] = c03;
        c1[0] = c10; c1[1] = c11; c1[2] = c12; c1[3] = c13;
        c2[0] = c20; c2[1] = c21; c2[2] = c22; c2[3] = c23;
        c3[0] = c30; c3[1] = c31; c3[2] = c32; c3[3] = c33;
    }
}
