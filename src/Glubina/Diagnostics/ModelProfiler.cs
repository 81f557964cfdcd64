using System.Diagnostics;
using Glubina.Autograd;
using Glubina.Kernels;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Diagnostics;

/// <summary>Measures a model's inference cost, as a developer needs it to optimise: per-layer forward time and
/// share, latency and throughput per batch size, tensor and managed memory, parameter size. Runs in eval mode
/// without gradients on random standard-normal input; the model's mode is restored afterwards.</summary>
public static class ModelProfiler
{
    /// <summary>Profiles <paramref name="model"/> on inputs of shape [batch, ..<paramref name="inputShape"/>]
    /// (<paramref name="inputShape"/> is one sample's shape, as in <c>ModelSummary.Create</c>) for each of
    /// <paramref name="batchSizes"/> (default 1, 8, 64).</summary>
    /// <exception cref="ArgumentException">A batch size or a dimension is below 1, or no batch size is given.</exception>
    public static ProfileResult Profile(Module model, int[] inputShape, int[]? batchSizes = null, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        options ??= new ProfileOptions();
        batchSizes ??= [1, 8, 64];
        Check(inputShape, batchSizes, options);
        int layerBatch = options.LayerBatchSize ?? batchSizes.Max();
        bool wasTraining = model.Training;
        try
        {
            model.Eval();
            using var noGrad = GradMode.NoGrad();
            var generator = new Generator((ulong)options.Seed);
            var batches = new List<BatchProfile>(batchSizes.Length);
            long peakHeap = 0;
            foreach (int b in batchSizes)
            {
                using Tensor input = MakeInput(model, [b, .. inputShape], options, generator);
                batches.Add(TimeBatch(model, input, b, options, ref peakHeap));
            }
            IReadOnlyList<LayerProfile> layers;
            using (Tensor input = MakeInput(model, [layerBatch, .. inputShape], options, generator))
                layers = LayerTimer.Measure(model, input, options);
            long parameterBytes = model.NamedParameters().Sum(p => (long)p.Parameter.Numel * p.Parameter.DType.ElementSize())
                + model.NamedBuffers().Sum(p => (long)p.Buffer.Numel * p.Buffer.DType.ElementSize());
            return new ProfileResult((int[])inputShape.Clone(), layers, layerBatch, batches, model.ParameterCount(), parameterBytes,
                batches.Max(x => x.TensorBytes), peakHeap, KernelThreads.Count);
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    private static void Check(int[] inputShape, int[] batchSizes, ProfileOptions options)
    {
        if (batchSizes.Length == 0)
            throw new ArgumentException("ModelProfiler.Profile: give at least one batch size.", nameof(batchSizes));
        foreach (int bad in batchSizes.Where(b => b < 1))
            throw new ArgumentException($"ModelProfiler.Profile: batch sizes must be at least 1, got {bad} in [{string.Join(", ", batchSizes)}].",
                nameof(batchSizes));
        if (inputShape.Any(d => d < 1))
            throw new ArgumentException($"ModelProfiler.Profile: every dimension of the input shape must be at least 1, got [{string.Join(", ", inputShape)}].",
                nameof(inputShape));
        if (options.Repeats < 1 || options.WarmupRuns < 0)
            throw new ArgumentException($"ModelProfiler.Profile: Repeats must be at least 1 and WarmupRuns at least 0, got {options.Repeats} and {options.WarmupRuns}.",
                nameof(options));
        if (options.LayerBatchSize is < 1)
            throw new ArgumentException($"ModelProfiler.Profile: LayerBatchSize must be at least 1, got {options.LayerBatchSize}.", nameof(options));
    }

    private static Tensor MakeInput(Module model, int[] shape, ProfileOptions options, Generator generator)
    {
        if (options.InputFactory is not null)
            return options.InputFactory(shape);
        DType dtype = model.Parameters().FirstOrDefault()?.DType ?? DType.Float32;
        return Tensor.Normal(shape, 0, 1, generator, dtype);
    }

    private static BatchProfile TimeBatch(Module model, Tensor input, int batchSize, ProfileOptions options, ref long peakHeap)
    {
        for (int i = 0; i < options.WarmupRuns; i++)
        {
            using var scope = new TensorScope();
            model.Call(input);
        }
        long tensorBytes = TensorBytes(model, input, ref peakHeap);
        var times = new List<double>(options.Repeats);
        var allocations = new List<long>(options.Repeats);
        long budgetEnd = Stopwatch.GetTimestamp() + (long)(options.TimeBudgetPerBatchSize.TotalSeconds * Stopwatch.Frequency);
        int minimum = Math.Min(3, options.Repeats);
        while (times.Count < options.Repeats && (times.Count < minimum || Stopwatch.GetTimestamp() < budgetEnd))
        {
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            long start = Stopwatch.GetTimestamp();
            using (var scope = new TensorScope())
                model.Call(input);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            allocations.Add(GC.GetTotalAllocatedBytes(precise: true) - allocated);
        }
        peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
        double median = Median(times);
        return new BatchProfile(batchSize, median, times.Min(), times.Max(), batchSize / (median / 1000.0),
            (long)Median(allocations.Select(a => (double)a).ToList()), tensorBytes, times.Count);
    }

    // One forward with hooks: the distinct storages of the input and every module output, all alive until the scope
    // ends, and the managed heap at that moment.
    private static long TensorBytes(Module model, Tensor input, ref long peakHeap)
    {
        var storages = new HashSet<Storage>(ReferenceEqualityComparer.Instance) { input.Storage };
        var hooks = model.NamedModules().Select(m => m.Module.RegisterForwardHook((_, _, output) => storages.Add(output.Storage))).ToList();
        try
        {
            using var scope = new TensorScope();
            model.Call(input);
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
        }
        finally
        {
            foreach (IDisposable h in hooks)
                h.Dispose();
        }
        return storages.Sum(s => (long)s.Length * s.DType.ElementSize());
    }

    internal static double Median(List<double> values)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
