using Glubina.Tensors;

namespace Glubina.Diagnostics;

/// <summary>How <see cref="ModelProfiler"/> measures.</summary>
public sealed class ProfileOptions
{
    /// <summary>Untimed calls before timing each batch size (JIT, caches, buffer pools). Default 3.</summary>
    public int WarmupRuns { get; init; } = 3;

    /// <summary>Timed calls per batch size; the median is reported. Default 10.</summary>
    public int Repeats { get; init; } = 10;

    /// <summary>Stop repeating a batch size early once this much time was spent on it (at least 3 timed calls
    /// are always made). Default 2 s.</summary>
    public TimeSpan TimeBudgetPerBatchSize { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Batch size of the per-layer timing (default: the largest of the batch sizes).</summary>
    public int? LayerBatchSize { get; init; }

    /// <summary>Seed of the random input (standard normal). Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Makes the input for a full shape [batch, ..sample] instead of standard-normal floats (for
    /// example integer token ids for a model that starts with an Embedding).</summary>
    public Func<int[], Tensor>? InputFactory { get; init; }
}
