using System.Diagnostics;
using System.Globalization;
using Glubina.Autograd;
using Glubina.Inference;
using Glubina.Kernels;
using Glubina.Nn;
using Glubina.Onnx;
using Glubina.Serialization;
using Glubina.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Glubina.Bench;

/// <summary>
/// Inference latency of Glubina's <see cref="Predictor"/> against ONNX Runtime running the same model exported by
/// <see cref="OnnxExporter"/>: the MNIST MLP (784-256-128-10) and LeNet-5 CNN of the examples, batch 1 and 64, the same
/// thread count (<c>SessionOptions.IntraOpNumThreads = KernelThreads.Count</c>, set it with GLUBINA_NUM_THREADS).
/// Each case warms up for <c>--warmup</c> seconds, then times calls for <c>--seconds</c>; the median µs per call and
/// the ratio Glubina (Predictor) / ONNX Runtime are printed (issue 6 target: ≤ 1 at batch 1, ≤ 1.5 at batch 64);
/// <c>module_call_us</c> is the bare <c>Module.Call</c> under no-grad, to separate the Predictor's own cost.
/// </summary>
public static class OnnxComparison
{
    public const string Usage = "[--warmup 1] [--seconds 3] [--only mlp,cnn]";

    public static int Run(string[] args)
    {
        double warmup = double.Parse(Option(args, "--warmup") ?? "1", CultureInfo.InvariantCulture);
        double seconds = double.Parse(Option(args, "--seconds") ?? "3", CultureInfo.InvariantCulture);
        string[] only = Option(args, "--only")?.Split(',') ?? ["mlp", "cnn"];
        int threads = KernelThreads.Count;
        Console.WriteLine($"threads: {threads} (Glubina KernelThreads.Count = ONNX Runtime IntraOpNumThreads), " +
            $"ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version}");
        Console.WriteLine("model  batch  glubina_us  module_call_us  onnxruntime_us  ratio  max_abs_diff");
        string dir = Directory.CreateTempSubdirectory("glubina-onnx-bench").FullName;
        foreach (string name in only)
        {
            Generator.Default.ManualSeed(0);
            (Module model, int[] shape) = name switch
            {
                "mlp" => ((Module)new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10)), new[] { 784 }),
                "cnn" => (new Sequential(
                    new Conv2d(1, 6, 5, padding: 2), new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
                    new Flatten(), new Linear(16 * 5 * 5, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10)), new[] { 1, 28, 28 }),
                _ => throw new ArgumentException($"--only: unknown model '{name}' (expected mlp, cnn)."),
            };
            var file = new ModelFile(model, ModelSpec.FromModule(model)) { Task = "classification", InputShape = shape };
            string onnx = Path.Combine(dir, name + ".onnx");
            OnnxExporter.Export(file, onnx);
            var predictor = new Predictor(file);
            using var options = new SessionOptions
            {
                IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            using var session = new InferenceSession(onnx, options);
            foreach (int batch in new[] { 1, 64 })
                Compare(name, predictor, session, shape, batch, warmup, seconds);
        }
        return 0;
    }

    private static void Compare(string name, Predictor predictor, InferenceSession session, int[] shape, int batch, double warmup, double seconds)
    {
        int[] full = [batch, .. shape];
        Tensor x = Tensor.Rand(full, new Generator(1));
        float[] data = x.ToFloatArray();
        using var input = OrtValue.CreateTensorValueFromMemory(data, full.Select(d => (long)d).ToArray());
        using var runOptions = new RunOptions();
        string[] inputNames = ["input"], outputNames = ["output"];
        OrtValue[] inputs = [input];

        float[] glubinaOut;
        using (new TensorScope())
            glubinaOut = predictor.Forward(x).ToFloatArray();
        float[] ortOut;
        using (var results = session.Run(runOptions, inputNames, inputs, outputNames))
            ortOut = results[0].GetTensorDataAsSpan<float>().ToArray();
        double diff = glubinaOut.Zip(ortOut, (a, b) => (double)Math.Abs(a - b)).Max();

        double glubina = Median(() =>
        {
            using (new TensorScope())
                predictor.Forward(x);
        }, warmup, seconds);
        double call = Median(() =>
        {
            using (GradMode.NoGrad())
            using (new TensorScope())
                predictor.Model.Call(x);
        }, warmup, seconds);
        double ort = Median(() =>
        {
            using var results = session.Run(runOptions, inputNames, inputs, outputNames);
        }, warmup, seconds);
        Console.WriteLine(FormattableString.Invariant($"{name,-5}  {batch,5}  {glubina,10:F1}  {call,14:F1}  {ort,14:F1}  {glubina / ort,5:F2}  {diff:E1}"));
    }

    /// <summary>Median µs per call after <paramref name="warmup"/> seconds of untimed calls.</summary>
    private static double Median(Action call, double warmup, double seconds)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < warmup)
            call();
        var times = new List<double>();
        clock.Restart();
        while (clock.Elapsed.TotalSeconds < seconds || times.Count < 5)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
