using System.Numerics;

namespace Glubina.Kernels;

/// <summary>
/// The naive triple loop every GEMM variant is tested against: one accumulator per element, summed in
/// double (for float) so the reference itself adds little error.
/// </summary>
internal static class GemmReference
{
    // a: [m,k] strided, b: [k,n] strided → c: [m,n] (row stride ldc)
    public static void Gemm<T>(int m, int n, int k,
        ReadOnlySpan<T> a, int aRowStride, int aColStride,
        ReadOnlySpan<T> b, int bRowStride, int bColStride,
        Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? double.CreateTruncating(c[i * ldc + j]) : 0.0;
                for (int p = 0; p < k; p++)
                    sum += double.CreateTruncating(a[i * aRowStride + p * aColStride]) * double.CreateTruncating(b[p * bRowStride + j * bColStride]);
                c[i * ldc + j] = T.CreateTruncating(sum);
            }
        }
    }
}
