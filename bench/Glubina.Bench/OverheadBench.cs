using System.Diagnostics;
using Glubina.Tensors;

namespace Glubina.Bench;

/// <summary>Per-op dispatch overhead: tiny ops where the time is all bookkeeping (shape checks, allocation,
/// graph recording), with and without autograd. Prints one line per case: name and nanoseconds per op.</summary>
public static class OverheadBench
{
    public const string Usage = "prints 'case ns_per_op' lines; --quick for a short run";

    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        var gen = new Generator(1);
        var cases = new (string Name, Func<Tensor> Make, Func<Tensor, Tensor, Tensor> Op, bool Grad)[]
        {
            ("add_1", () => Tensor.Randn([1], gen), (a, b) => a.Add(b), false),
            ("add_1000", () => Tensor.Randn([1000], gen), (a, b) => a.Add(b), false),
            ("matmul_64", () => Tensor.Randn([64, 64], gen), (a, b) => a.MatMul(b), false),
            ("add_1_grad", () => Tensor.Randn([1], gen), (a, b) => a.Add(b), true),
            ("add_1000_grad", () => Tensor.Randn([1000], gen), (a, b) => a.Add(b), true),
            ("matmul_64_grad", () => Tensor.Randn([64, 64], gen), (a, b) => a.MatMul(b), true),
        };
        foreach (var (name, make, op, grad) in cases)
        {
            Tensor a = make(), b = make();
            if (grad)
                a.RequiresGrad = true;
            double ns = Measure(() => op(a, b), quick);
            Console.WriteLine($"{name} {ns:F1}");
        }
        return 0;
    }

    // Median over repetitions of the mean time per call in a timed batch of calls.
    private static double Measure(Func<Tensor> op, bool quick)
    {
        int reps = quick ? 5 : 15;
        long calls = 1000;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 200; i++)
            op();
        // Grow the batch until one batch takes at least 20 ms, so timer resolution does not matter.
        while (true)
        {
            watch.Restart();
            for (long i = 0; i < calls; i++)
                op();
            if (watch.Elapsed.TotalMilliseconds >= 20)
                break;
            calls *= 2;
        }
        var samples = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            watch.Restart();
            for (long i = 0; i < calls; i++)
                op();
            samples[r] = watch.Elapsed.TotalNanoseconds / calls;
        }
        Array.Sort(samples);
        return samples[reps / 2];
    }
}
