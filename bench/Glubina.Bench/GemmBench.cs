using System.Diagnostics;
using System.Globalization;
using Glubina.Kernels;

namespace Glubina.Bench;

/// <summary>
/// SGEMM throughput at the shapes of docs/benchmarks.md: warm-up, then the median of several timed
/// repetitions, each long enough (≥ 30 ms) for the clock. Prints a table, or CSV for
/// bench/run_gemm_comparison.sh.
/// </summary>
public static class GemmBench
{
    public const string Usage = "[--threads 1,2] [--kernel auto|scalar|vector128|avx2|avx512] [--shapes MxKxN,...] [--layout NN|NT|TN|TT] [--reps 7] [--csv]";

    /// <summary>Square sizes and network shapes (M×K×N: C[M,N] = A[M,K]·B[K,N]).</summary>
    public static readonly (int M, int K, int N)[] DefaultShapes =
    [
        (64, 64, 64), (128, 128, 128), (256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048),
        (64, 784, 256), (128, 784, 256), (256, 784, 256), (784, 128, 256), (128, 256, 784), (2048, 128, 512),
        (65536, 288, 32),
    ];

    public static int Run(string[] args)
    {
        int[] threads = [1, 2];
        GemmKernel kernel = GemmKernel.Auto;
        (int M, int K, int N)[] shapes = DefaultShapes;
        int reps = 7;
        bool csv = false;
        string layout = "NN";
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads":
                    threads = args[++i].Split(',').Select(int.Parse).ToArray();
                    break;
                case "--kernel":
                    kernel = Enum.Parse<GemmKernel>(args[++i], ignoreCase: true);
                    break;
                case "--shapes":
                    shapes = args[++i].Split(',').Select(ParseShape).ToArray();
                    break;
                case "--reps":
                    reps = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--layout":
                    layout = args[++i].ToUpperInvariant();
                    break;
                case "--csv":
                    csv = true;
                    break;
                default:
                    Console.Error.WriteLine($"unknown option '{args[i]}'; usage: gemm {Usage}");
                    return 2;
            }
        }

        GemmKernel variant = Gemm.Resolve(kernel);
        if (csv)
            Console.WriteLine("impl,shape,threads,gflops,ms");
        else
            Console.WriteLine($"Glubina SGEMM {layout}, kernel {variant}, {Environment.ProcessorCount} cores, median of {reps}");
        foreach (int t in threads)
        {
            foreach ((int m, int k, int n) in shapes)
            {
                (double seconds, double best) = Measure(kernel, t, m, k, n, layout, reps);
                double gflops = 2.0 * m * n * k / seconds / 1e9;
                string shape = $"{m}x{k}x{n}";
                if (csv)
                    Console.WriteLine(FormattableString.Invariant($"glubina,{shape},{t},{gflops:F2},{seconds * 1e3:F4}"));
                else
                    Console.WriteLine(FormattableString.Invariant($"threads {t}  {shape,-16} {gflops,8:F1} GFLOP/s  {seconds * 1e3,9:F3} ms  (best {2.0 * m * n * k / best / 1e9,6:F1})"));
            }
        }
        return 0;
    }

    private static (int, int, int) ParseShape(string text)
    {
        int[] parts = text.Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return parts.Length == 1 ? (parts[0], parts[0], parts[0]) : (parts[0], parts[1], parts[2]);
    }

    /// <summary>
    /// Median (and best) seconds per call of C[m,n] = A[m,k]·B[k,n]; layout "NN" has both operands row-major, a "T" stores
    /// that operand transposed (A as [k,m], B as [n,k], as a Linear layer's weight) and passes swapped strides.
    /// </summary>
    internal static (double Median, double Best) Measure(GemmKernel kernel, int threads, int m, int k, int n, string layout, int reps)
    {
        var rng = new Random(42);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.Length; i++)
            a[i] = (float)(rng.NextDouble() - 0.5);
        for (int i = 0; i < b.Length; i++)
            b[i] = (float)(rng.NextDouble() - 0.5);

        (int ars, int acs) = layout[0] == 'T' ? (1, m) : (k, 1);
        (int brs, int bcs) = layout[1] == 'T' ? (1, k) : (n, 1);
        void Call() => Gemm.SgemmBatched(kernel, threads, 1, m, n, k, a, 0, ars, acs, b, 0, brs, bcs, c, 0, n, false);

        // Warm-up: tiered JIT, packing buffers, worker threads; then size a repetition to ≥ 30 ms.
        var sw = Stopwatch.StartNew();
        int calls = 0;
        while (calls < 3 || sw.Elapsed.TotalMilliseconds < 200)
        {
            Call();
            calls++;
        }
        double perCall = sw.Elapsed.TotalSeconds / calls;
        int inner = Math.Max(1, (int)Math.Ceiling(0.03 / perCall));
        var samples = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < inner; i++)
                Call();
            samples[r] = Stopwatch.GetElapsedTime(start).TotalSeconds / inner;
        }
        Array.Sort(samples);
        return (samples[reps / 2], samples[0]);
    }
}
