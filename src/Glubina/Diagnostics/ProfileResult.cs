using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Glubina.Formatting;

namespace Glubina.Diagnostics;

/// <summary>What <see cref="ModelProfiler.Profile"/> measured: per-layer forward time and share, latency and
/// throughput per batch size, memory and parameter size.</summary>
public sealed class ProfileResult
{
    internal ProfileResult(int[] sampleShape, IReadOnlyList<LayerProfile> layers, int layerBatchSize, IReadOnlyList<BatchProfile> batches,
        long parameterCount, long parameterBytes, long peakTensorBytes, long peakManagedHeapBytes, int threads)
    {
        SampleShape = sampleShape;
        Layers = layers;
        LayerBatchSize = layerBatchSize;
        Batches = batches;
        ParameterCount = parameterCount;
        ParameterBytes = parameterBytes;
        PeakTensorBytes = peakTensorBytes;
        PeakManagedHeapBytes = peakManagedHeapBytes;
        Threads = threads;
    }

    /// <summary>Shape of one sample (without the batch dimension).</summary>
    public IReadOnlyList<int> SampleShape { get; }

    /// <summary>Leaf layers in call order.</summary>
    public IReadOnlyList<LayerProfile> Layers { get; }

    /// <summary>Batch size at which <see cref="Layers"/> were timed.</summary>
    public int LayerBatchSize { get; }

    /// <summary>Timing per batch size, in the order asked.</summary>
    public IReadOnlyList<BatchProfile> Batches { get; }

    /// <summary>Number of parameters.</summary>
    public long ParameterCount { get; }

    /// <summary>Bytes of the parameters and buffers (what the weights take in memory).</summary>
    public long ParameterBytes { get; }

    /// <summary>Largest <see cref="BatchProfile.TensorBytes"/> over the batch sizes.</summary>
    public long PeakTensorBytes { get; }

    /// <summary>Largest managed heap size seen by the garbage collector during profiling.</summary>
    public long PeakManagedHeapBytes { get; }

    /// <summary>Kernel threads in use (GLUBINA_NUM_THREADS or the processor count).</summary>
    public int Threads { get; }

    /// <summary>The batch profile with the highest throughput.</summary>
    public BatchProfile Best => Batches.MaxBy(b => b.SamplesPerSecond)!;

    /// <summary>A readable report: the per-layer table, then the batch-size table, then memory.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"Input [N, {string.Join(", ", SampleShape)}], {ParameterCount:N0} parameters ({JsonNumber.Bytes(ParameterBytes)}), {Threads} kernel thread(s)\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Per-layer forward time at batch size {LayerBatchSize} (median):\n");
        var layers = new TextTable("layer", "type", "output shape", "time (ms)", "share", "output", "params");
        foreach (LayerProfile l in Layers)
        {
            layers.Add(l.Name, l.Type, "[" + string.Join(", ", l.OutputShape) + "]", l.Milliseconds.ToString("0.000", CultureInfo.InvariantCulture),
                (100 * l.Share).ToString("0.0", CultureInfo.InvariantCulture) + "%", JsonNumber.Bytes(l.OutputBytes),
                l.Parameters.ToString("N0", CultureInfo.InvariantCulture));
        }
        layers.AppendTo(sb, 0, 1, 2);
        sb.Append("\nWhole model per batch size (after warm-up):\n");
        var batches = new TextTable("batch", "median (ms)", "min (ms)", "max (ms)", "samples/s", "managed alloc", "tensor memory", "runs");
        foreach (BatchProfile b in Batches)
        {
            batches.Add(b.BatchSize.ToString(CultureInfo.InvariantCulture), Ms(b.MedianMs), Ms(b.MinMs), Ms(b.MaxMs),
                b.SamplesPerSecond.ToString("N0", CultureInfo.InvariantCulture), JsonNumber.Bytes(b.ManagedBytesPerCall),
                JsonNumber.Bytes(b.TensorBytes), b.Repeats.ToString(CultureInfo.InvariantCulture));
        }
        batches.AppendTo(sb);
        sb.Append(CultureInfo.InvariantCulture,
            $"\nPeak tensor memory {JsonNumber.Bytes(PeakTensorBytes)}; peak managed heap {JsonNumber.Bytes(PeakManagedHeapBytes)}; " +
            $"best throughput {Best.SamplesPerSecond:N0} samples/s at batch size {Best.BatchSize}.\n");
        return sb.ToString();
    }

    /// <summary>The result as JSON (snake_case keys; times in milliseconds, sizes in bytes).</summary>
    public JsonObject ToJson()
    {
        var layers = new JsonArray();
        foreach (LayerProfile l in Layers)
        {
            layers.Add(new JsonObject
            {
                ["name"] = l.Name,
                ["type"] = l.Type,
                ["output_shape"] = new JsonArray(l.OutputShape.Select(d => (JsonNode?)d).ToArray()),
                ["ms"] = JsonNumber.Of(l.Milliseconds),
                ["share"] = JsonNumber.Of(l.Share),
                ["output_bytes"] = l.OutputBytes,
                ["parameters"] = l.Parameters,
            });
        }
        var batches = new JsonArray();
        foreach (BatchProfile b in Batches)
        {
            batches.Add(new JsonObject
            {
                ["batch_size"] = b.BatchSize,
                ["median_ms"] = JsonNumber.Of(b.MedianMs),
                ["min_ms"] = JsonNumber.Of(b.MinMs),
                ["max_ms"] = JsonNumber.Of(b.MaxMs),
                ["samples_per_second"] = JsonNumber.Of(b.SamplesPerSecond),
                ["managed_bytes_per_call"] = b.ManagedBytesPerCall,
                ["tensor_bytes"] = b.TensorBytes,
                ["repeats"] = b.Repeats,
            });
        }
        return new JsonObject
        {
            ["input_shape"] = new JsonArray(SampleShape.Select(d => (JsonNode?)d).ToArray()),
            ["parameters"] = ParameterCount,
            ["parameter_bytes"] = ParameterBytes,
            ["threads"] = Threads,
            ["layer_batch_size"] = LayerBatchSize,
            ["layers"] = layers,
            ["batches"] = batches,
            ["peak_tensor_bytes"] = PeakTensorBytes,
            ["peak_managed_heap_bytes"] = PeakManagedHeapBytes,
        };
    }

    private static string Ms(double ms) => ms.ToString("0.000", CultureInfo.InvariantCulture);
}
