using Glubina.Kernels;

namespace Glubina.Tests.Kernels;

public sealed class GemmDeterminismTests
{
    public static TheoryData<string> FloatKernels() => new(GemmCheck.FloatKernels().Select(k => k.ToString()));

    // Shapes above the parallel threshold that split C along M, along N, or neither way well.
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (64, 256, 784), (257, 33, 300), (500, 200, 129), (31, 1000, 260), (1000, 40, 70),
    ];

    [Theory]
    [MemberData(nameof(FloatKernels))]
    public void One_and_two_threads_give_bit_identical_results(string kernelName)
    {
        GemmKernel kernel = Enum.Parse<GemmKernel>(kernelName);
        int seed = 0;
        foreach ((int m, int n, int k) in Shapes)
        {
            foreach (bool transposeA in new[] { false, true })
            {
                float[] a = GemmCheck.Random(m * k, seed++);
                float[] b = GemmCheck.Random(k * n, seed++);
                float[] c1 = GemmCheck.Random(m * n, seed);
                float[] c2 = (float[])c1.Clone();
                (int ars, int acs) = transposeA ? (1, m) : (k, 1);
                Gemm.SgemmBatched(kernel, 1, 1, m, n, k, a, 0, ars, acs, b, 0, n, 1, c1, 0, n, accumulate: true);
                Gemm.SgemmBatched(kernel, 2, 1, m, n, k, a, 0, ars, acs, b, 0, n, 1, c2, 0, n, accumulate: true);
                Assert.True(c1.AsSpan().SequenceEqual(c2), $"{kernel} {m}x{k}x{n} transposeA={transposeA}: 1 and 2 threads differ");
            }
        }
    }

    [Fact]
    public void Kernel_threads_count_does_not_change_results()
    {
        const int m = 200, n = 300, k = 270;
        float[] a = GemmCheck.Random(m * k, 1);
        float[] b = GemmCheck.Random(k * n, 2);
        double[] ad = a.Select(v => (double)v).ToArray(), bd = b.Select(v => (double)v).ToArray();
        float[] c1 = new float[m * n], c2 = new float[m * n];
        double[] d1 = new double[m * n], d2 = new double[m * n];
        float[] cb1 = new float[3 * m * n], cb2 = new float[3 * m * n];
        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 1;
            Gemm.Sgemm(m, n, k, a, k, 1, b, n, 1, c1, n, false);
            Gemm.Dgemm(m, n, k, ad, 1, m, bd, n, 1, d1, n, false);
            Gemm.SgemmBatched(3, 40, n, k, a, 40 * k, k, 1, b, 0, n, 1, cb1, 40 * n, n, false);
            KernelThreads.Count = 2;
            Gemm.Sgemm(m, n, k, a, k, 1, b, n, 1, c2, n, false);
            Gemm.Dgemm(m, n, k, ad, 1, m, bd, n, 1, d2, n, false);
            Gemm.SgemmBatched(3, 40, n, k, a, 40 * k, k, 1, b, 0, n, 1, cb2, 40 * n, n, false);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
        Assert.True(c1.AsSpan().SequenceEqual(c2), "Sgemm differs between 1 and 2 threads");
        Assert.True(d1.AsSpan().SequenceEqual(d2), "Dgemm differs between 1 and 2 threads");
        Assert.True(cb1.AsSpan().SequenceEqual(cb2), "SgemmBatched differs between 1 and 2 threads");
    }

    [Fact]
    public void Parallel_helper_runs_every_item_once_and_nests()
    {
        int[] hits = new int[1000];
        KernelParallel.For(hits.Length, i =>
        {
            Interlocked.Increment(ref hits[i]);
            // A nested call runs serially on the same thread and must not deadlock.
            KernelParallel.For(3, _ => Interlocked.Increment(ref hits[i]));
        });
        Assert.All(hits, h => Assert.Equal(4, h));
        // On the workers the failure arrives wrapped in an AggregateException; when the workers are busy (another
        // test running GEMMs in parallel) the loop runs serially on the caller and the exception arrives as is.
        Exception? error = Record.Exception(() => KernelParallel.For(10, i =>
        {
            if (i == 7)
                throw new InvalidOperationException("item 7");
        }));
        Exception cause = error is AggregateException aggregate ? aggregate.InnerException! : error!;
        Assert.IsType<InvalidOperationException>(cause);
        Assert.Contains("item 7", cause.Message);
    }
}
