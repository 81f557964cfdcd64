using System.Diagnostics;
using Glubina.Data;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;

namespace Glubina.Bench;

/// <summary>Training throughput of the MNIST MLP (784-256-128-10, ReLU, Adam, cross-entropy) on random data of
/// MNIST's size, the same loop as <c>bench/mlp_reference.py</c>: samples/s per batch size, bytes allocated per step
/// and peak working set.</summary>
public static class MlpBench
{
    public const string Usage = "[--samples N] [--batch-sizes 64,256]";

    public static int Run(string[] args)
    {
        int samples = Option(args, "--samples", 60000);
        int[] batchSizes = (OptionText(args, "--batch-sizes") ?? "64,256").Split(',').Select(int.Parse).ToArray();
        var gen = new Generator(1);
        var x = Tensor.Rand([samples, 784], gen);
        var y = Tensor.RandInt(0, 10, [samples], gen);
        var data = new TensorDataset(x, y);
        foreach (int batch in batchSizes)
        {
            Generator.Default.ManualSeed(0);
            var model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));
            var loss = new CrossEntropyLoss();
            var optimizer = new Adam(model.Parameters(), lr: 1e-3);
            var loader = new DataLoader(data, batch, shuffle: true, generator: new Generator(2));
            void Epoch(int epoch, int maxSteps)
            {
                int step = 0;
                foreach (var b in loader.GetEpoch(epoch))
                {
                    using (new TensorScope())
                    {
                        var l = loss.Forward(model.Call(b.Inputs), b.Targets);
                        optimizer.ZeroGrad(setToNone: false);
                        l.Backward();
                        optimizer.Step();
                    }
                    b.Dispose();
                    if (++step >= maxSteps)
                        break;
                }
            }
            Epoch(0, 50); // warm-up (JIT, pools)
            long allocBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            Epoch(1, int.MaxValue);
            double seconds = clock.Elapsed.TotalSeconds;
            long steps = loader.BatchCount;
            long perStep = (GC.GetAllocatedBytesForCurrentThread() - allocBefore) / steps;
            Console.WriteLine($"batch {batch}: {samples / seconds:F0} samples/s, {seconds:F2} s/epoch, {perStep:N0} B allocated/step, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB");
        }
        return 0;
    }

    private static string? OptionText(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Option(string[] args, string name, int fallback) => OptionText(args, name) is string s ? int.Parse(s) : fallback;
}
