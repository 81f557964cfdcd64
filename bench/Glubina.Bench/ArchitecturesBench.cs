using System.Diagnostics;
using Glubina.Autograd;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;

namespace Glubina.Bench;

/// <summary>Training throughput (forward + backward + Adam step, samples/s) of LeNet-5, a CIFAR-shaped CNN, a
/// one-layer LSTM and a 2-layer transformer encoder on fixed synthetic batches, and LeNet inference latency (eval,
/// no grad, median µs per call) at batch 1 and 256: the same loops as <c>bench/architectures_reference.py</c>.
/// Each workload warms up for <c>--warmup</c> seconds, then runs whole steps for at least <c>--seconds</c>.</summary>
public static class ArchitecturesBench
{
    public const string Usage = "[--warmup 2] [--seconds 6] [--only lenet,cifar_cnn,lstm,transformer,lenet_infer_b1,lenet_infer_b256]";

    public static int Run(string[] args)
    {
        double warmup = double.Parse(OptionText(args, "--warmup") ?? "2", System.Globalization.CultureInfo.InvariantCulture);
        double seconds = double.Parse(OptionText(args, "--seconds") ?? "6", System.Globalization.CultureInfo.InvariantCulture);
        string[]? only = OptionText(args, "--only")?.Split(',');
        bool Want(string name) => only is null || only.Contains(name);

        if (Want("lenet"))
        {
            var model = LeNet();
            var gen = new Generator(1);
            var x = Tensor.Rand([64, 1, 28, 28], gen);
            var y = Tensor.RandInt(0, 10, [64], gen);
            Train("lenet", model, new CrossEntropyLoss(), x, y, 64, warmup, seconds);
        }
        if (Want("cifar_cnn"))
        {
            Generator.Default.ManualSeed(0);
            var model = new Sequential(
                new Conv2d(3, 32, 3, padding: 1), new ReLU(), new Conv2d(32, 32, 3, padding: 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, padding: 1), new ReLU(), new Conv2d(64, 64, 3, padding: 1), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 8 * 8, 256), new ReLU(), new Linear(256, 10));
            var gen = new Generator(1);
            var x = Tensor.Rand([64, 3, 32, 32], gen);
            var y = Tensor.RandInt(0, 10, [64], gen);
            Train("cifar_cnn", model, new CrossEntropyLoss(), x, y, 64, warmup, seconds);
        }
        if (Want("lstm"))
        {
            Generator.Default.ManualSeed(0);
            var model = new Lstm(32, 128); // Forward(input) → output [T, N, H]
            var gen = new Generator(1);
            var x = Tensor.Randn([50, 64, 32], gen);
            var y = Tensor.Zeros(50, 64, 128);
            Train("lstm", model, new MseLoss(), x, y, 64, warmup, seconds);
        }
        if (Want("transformer"))
        {
            Generator.Default.ManualSeed(0);
            var layer = new TransformerEncoderLayer(128, 4, dimFeedforward: 512, dropout: 0, batchFirst: true);
            var model = new TransformerEncoder(layer, 2);
            var gen = new Generator(1);
            var x = Tensor.Randn([32, 64, 128], gen);
            var y = Tensor.Randn([32, 64, 128], gen);
            Train("transformer", model, new MseLoss(), x, y, 32, warmup, seconds);
        }
        foreach (int batch in new[] { 1, 256 })
        {
            string name = $"lenet_infer_b{batch}";
            if (!Want(name))
                continue;
            var model = LeNet();
            model.Eval();
            var x = Tensor.Rand([batch, 1, 28, 28], new Generator(1));
            Latency(name, model, x, warmup, seconds);
        }
        return 0;
    }

    private static Sequential LeNet()
    {
        Generator.Default.ManualSeed(0);
        return new Sequential(
            new Conv2d(1, 6, 5, padding: 2), new ReLU(), new MaxPool2d(2),
            new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(16 * 5 * 5, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10));
    }

    private static void Train(string name, Module model, Loss loss, Tensor x, Tensor y, int batch, double warmup, double seconds)
    {
        var optimizer = new Adam(model.Parameters(), lr: 1e-3);
        void Step()
        {
            using (new TensorScope())
            {
                var l = loss.Forward(model.Call(x), y);
                optimizer.ZeroGrad(setToNone: false);
                l.Backward();
                optimizer.Step();
            }
        }
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < warmup)
            Step();
        long steps = 0;
        clock.Restart();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            Step();
            steps++;
        }
        double elapsed = clock.Elapsed.TotalSeconds;
        long parameters = model.Parameters().Sum(p => (long)p.Numel);
        Console.WriteLine($"{name}: {steps * batch / elapsed:F0} samples/s ({steps} steps in {elapsed:F2} s, {parameters} parameters)");
    }

    private static void Latency(string name, Module model, Tensor x, double warmup, double seconds)
    {
        void Call()
        {
            using (GradMode.NoGrad())
            using (new TensorScope())
                model.Call(x);
        }
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < warmup)
            Call();
        var times = new List<double>();
        clock.Restart();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            long t0 = Stopwatch.GetTimestamp();
            Call();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
        }
        times.Sort();
        Console.WriteLine($"{name}: {times[times.Count / 2]:F1} us median ({times.Count} calls, batch {x.Shape[0]})");
    }

    private static string? OptionText(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
