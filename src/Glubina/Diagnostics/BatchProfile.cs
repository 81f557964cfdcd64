namespace Glubina.Diagnostics;

/// <summary>Whole-model forward timing at one batch size (after warm-up, over the repeats).</summary>
/// <param name="BatchSize">Samples per forward call.</param>
/// <param name="MedianMs">Median latency of one forward call, in milliseconds.</param>
/// <param name="MinMs">Fastest call, in milliseconds.</param>
/// <param name="MaxMs">Slowest call, in milliseconds.</param>
/// <param name="SamplesPerSecond">Throughput: <paramref name="BatchSize"/> / median latency.</param>
/// <param name="ManagedBytesPerCall">Managed bytes allocated by one call (median; pooled tensor buffers that are
/// reused are not counted).</param>
/// <param name="TensorBytes">Bytes of the input and every layer output of one call: the tensor memory alive at the
/// end of a forward pass when nothing is freed early (an upper bound on activation memory).</param>
/// <param name="Repeats">Number of timed calls.</param>
public sealed record BatchProfile(int BatchSize, double MedianMs, double MinMs, double MaxMs, double SamplesPerSecond,
    long ManagedBytesPerCall, long TensorBytes, int Repeats);
