using Glubina.Kernels;

namespace Glubina.Tests.Kernels;

public sealed class GemmBatchedTests
{
    public static TheoryData<string> FloatKernels() => new(GemmCheck.FloatKernels().Select(k => k.ToString()));

    // Batch i: C_i = (acc ? C_i : 0) + A_i·B_i, checked matrix by matrix against the reference.
    private static void Check(GemmKernel kernel, int threads, int batch, int m, int n, int k,
        bool broadcastA, bool broadcastB, bool accumulate, int seed)
    {
        int aStride = broadcastA ? 0 : m * k + 3;
        int bStride = broadcastB ? 0 : k * n + 1;
        int ldc = n + 2, cStride = m * ldc + 4;
        float[] a = GemmCheck.Random(Math.Max(1, (batch - 1) * aStride + m * k), seed);
        float[] b = GemmCheck.Random(Math.Max(1, (batch - 1) * bStride + k * n), seed + 1);
        float[] c = GemmCheck.Random(batch * cStride, seed + 2);
        float[] expected = (float[])c.Clone();
        for (int i = 0; i < batch; i++)
        {
            GemmReference.Gemm<float>(m, n, k, a.AsSpan(i * aStride), k, 1, b.AsSpan(i * bStride), n, 1,
                expected.AsSpan(i * cStride), ldc, accumulate);
        }
        Gemm.SgemmBatched(kernel, threads, batch, m, n, k, a, aStride, k, 1, b, bStride, n, 1, c, cStride, ldc, accumulate);
        double tol = 4e-6 * Math.Sqrt(Math.Max(1, k)) * (k + 1);
        for (int i = 0; i < c.Length; i++)
        {
            if (Math.Abs(c[i] - expected[i]) > tol)
                Assert.Fail($"{kernel} batch={batch} m={m} n={n} k={k} broadcastA={broadcastA} broadcastB={broadcastB}: element {i} = {c[i]}, expected {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(FloatKernels))]
    public void Batches_with_and_without_broadcast(string kernelName)
    {
        GemmKernel kernel = Enum.Parse<GemmKernel>(kernelName);
        int seed = 0;
        foreach ((int batch, int m, int n, int k) in new[] { (1, 5, 7, 3), (3, 7, 17, 9), (4, 13, 33, 40), (6, 40, 40, 40), (2, 70, 90, 300) })
        {
            foreach (bool broadcastA in new[] { false, true })
            {
                foreach (bool broadcastB in new[] { false, true })
                {
                    Check(kernel, 1, batch, m, n, k, broadcastA, broadcastB, accumulate: (seed & 1) == 0, seed);
                    Check(kernel, 2, batch, m, n, k, broadcastA, broadcastB, accumulate: (seed & 1) == 1, seed + 10);
                    seed++;
                }
            }
        }
    }

    [Fact]
    public void Empty_batch_and_zero_sizes_do_nothing()
    {
        float[] c = [1, 2, 3];
        Gemm.SgemmBatched(0, 4, 4, 4, [], 16, 4, 1, [], 16, 4, 1, c, 16, 4, false);
        Gemm.SgemmBatched(3, 0, 4, 4, [], 16, 4, 1, new float[64], 16, 4, 1, c, 16, 4, false);
        Gemm.SgemmBatched(3, 4, 0, 4, new float[64], 16, 4, 1, [], 16, 4, 1, c, 16, 4, false);
        Assert.Equal([1f, 2f, 3f], c);
    }

    [Fact]
    public void C_batch_stride_zero_sums_the_products_in_order()
    {
        // dW = Σ_i X_iᵀ·dY_i in one call: X_i [5,3] read transposed, dY_i [5,2], batch 4.
        const int batch = 4, rows = 5, m = 3, n = 2;
        float[] x = GemmCheck.Random(batch * rows * m, 7);
        float[] dy = GemmCheck.Random(batch * rows * n, 8);
        float[] expected = new float[m * n];
        for (int i = 0; i < batch; i++)
            GemmReference.Gemm<float>(m, n, rows, x.AsSpan(i * rows * m), 1, m, dy.AsSpan(i * rows * n), n, 1, expected, n, accumulate: i > 0);
        float[] c = [9, 9, 9, 9, 9, 9];
        Gemm.SgemmBatched(batch, m, n, rows, x, rows * m, 1, m, dy, rows * n, n, 1, c, 0, n, accumulate: false);
        for (int i = 0; i < c.Length; i++)
            Assert.Equal(expected[i], c[i], 1e-5f);
    }

    [Fact]
    public void Double_batched_matches_single_calls()
    {
        const int batch = 3, m = 9, n = 11, k = 21;
        double[] a = GemmCheck.Random(batch * m * k, 1).Select(v => (double)v).ToArray();
        double[] b = GemmCheck.Random(k * n, 2).Select(v => (double)v).ToArray();
        double[] c = new double[batch * m * n];
        Gemm.DgemmBatched(batch, m, n, k, a, m * k, k, 1, b, 0, n, 1, c, m * n, n, accumulate: false);
        for (int i = 0; i < batch; i++)
        {
            double[] single = new double[m * n];
            Gemm.Dgemm(m, n, k, a.AsSpan(i * m * k), k, 1, b, n, 1, single, n, accumulate: false);
            Assert.Equal(single, c.AsSpan(i * m * n, m * n).ToArray());
        }
    }
}
