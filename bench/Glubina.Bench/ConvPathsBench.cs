using System.Diagnostics;
using Glubina.Kernels;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Bench;

/// <summary>The two convolution paths on the same layers: the direct stride-1 kernel (<see cref="DirectConv"/>)
/// against im2col + GEMM, forward, input gradient and weight gradient timed apart (median µs per call, batch 64).
/// These numbers chose <see cref="DirectConv.Applies"/>, <see cref="DirectConv.InputGradientApplies"/> and
/// <see cref="DirectConv.WeightGradientApplies"/>; a part that the rules send to im2col is marked.</summary>
public static class ConvPathsBench
{
    public const string Usage = "[--calls 60]";

    // name, in channels, out channels, image size, kernel, padding
    private static readonly (string Name, int C, int OC, int Size, int K, int Pad)[] Layers =
    [
        ("LeNet conv1 1→6 5×5 28²", 1, 6, 28, 5, 2),
        ("LeNet conv2 6→16 5×5 14²", 6, 16, 14, 5, 0),
        ("CIFAR conv1 3→32 3×3 32²", 3, 32, 32, 3, 1),
        ("CIFAR conv2 32→32 3×3 32²", 32, 32, 32, 3, 1),
        ("CIFAR conv3 32→64 3×3 16²", 32, 64, 16, 3, 1),
        ("CIFAR conv4 64→64 3×3 16²", 64, 64, 16, 3, 1),
        ("8→16 3×3 32²", 8, 16, 32, 3, 1),
        ("16→16 3×3 32²", 16, 16, 32, 3, 1),
        ("32→16 3×3 16²", 32, 16, 16, 3, 1),
        ("4→32 5×5 28²", 4, 32, 28, 5, 2),
    ];

    public static int Run(string[] args)
    {
        int i = Array.IndexOf(args, "--calls");
        int calls = i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : 60;
        // Every path once untimed first, so that the timed calls run fully optimized (tiered JIT) code.
        foreach (var l in Layers)
            foreach (string part in new[] { "forward", "input gradient", "weight gradient" })
            {
                Time(l, part, true, 30);
                Time(l, part, false, 30);
            }
        Console.WriteLine($"threads: {KernelThreads.Count}, batch 64, median us of {calls} calls");
        Console.WriteLine("| layer | part | direct | im2col | im2col / direct |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var l in Layers)
        {
            var g = new ConvGeometry(l.C, l.Size, l.Size, l.K, l.K, 1, 1, l.Pad, l.Pad, 1, 1,
                l.Size + 2 * l.Pad - l.K + 1, l.Size + 2 * l.Pad - l.K + 1);
            foreach (string part in new[] { "forward", "input gradient", "weight gradient" })
            {
                bool chosen = part switch
                {
                    "forward" => DirectConv.Applies(g, l.OC),
                    "input gradient" => DirectConv.InputGradientApplies(g, l.OC),
                    _ => DirectConv.WeightGradientApplies(g, l.OC),
                };
                double direct = Time(l, part, true, calls), im2col = Time(l, part, false, calls);
                Console.WriteLine($"| {l.Name} | {part}{(chosen ? "" : " (im2col chosen)")} | {direct:F0} | {im2col:F0} | {im2col / direct:F2} |");
            }
        }
        return 0;
    }

    // Median µs of one part: the forward, or the backward with only the input or only the weights wanting a gradient.
    private static double Time((string Name, int C, int OC, int Size, int K, int Pad) l, string part, bool direct, int calls)
    {
        Generator.Default.ManualSeed(0);
        var conv = new Conv2d(l.C, l.OC, l.K, padding: l.Pad);
        var x = Tensor.Rand([64, l.C, l.Size, l.Size], new Generator(1)).RequiresGrad_(part == "input gradient");
        foreach (var p in conv.Parameters())
            p.RequiresGrad_(part == "weight gradient");
        bool saved = DirectConv.Enabled;
        DirectConv.Enabled = direct;
        try
        {
            var times = new List<double>();
            for (int call = 0; call < calls + 5; call++)
            {
                using var scope = new TensorScope();
                long t0 = Stopwatch.GetTimestamp();
                Tensor y = conv.Call(x);
                double forward = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
                if (part == "forward")
                {
                    times.Add(forward);
                    continue;
                }
                Tensor gy = Tensor.OnesLike(y);
                t0 = Stopwatch.GetTimestamp();
                y.Backward(gy);   // leaf gradients accumulate in place after the first call: no allocation timed
                times.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            }
            times.RemoveRange(0, 5);
            times.Sort();
            return times[times.Count / 2];
        }
        finally
        {
            DirectConv.Enabled = saved;
        }
    }
}
