using Glubina.Tensors;

namespace Glubina.Data.Text;

/// <summary>
/// Groups examples of similar length into batches to reduce padding (torchtext's BucketIterator, HuggingFace's
/// <c>group_by_length</c>): each epoch, the examples are shuffled (seed, epoch), cut into pools of
/// <c>batchSize × poolBatches</c>, each pool is sorted by length and cut into batches, and the batch order is shuffled.
/// Batches stay random from epoch to epoch while holding sequences of nearly equal length.
/// </summary>
public sealed class LengthBucketSampler
{
    private readonly int[] _lengths;

    /// <param name="lengths">The length of each example.</param>
    /// <param name="batchSize">Examples per batch.</param>
    /// <param name="seed">Seed of the shuffles; epoch e uses (seed, e).</param>
    /// <param name="poolBatches">Batches per sorted pool (larger = less padding, less randomness).</param>
    /// <param name="dropLast">Drop each pool's last, smaller batch.</param>
    public LengthBucketSampler(IReadOnlyList<int> lengths, int batchSize, ulong seed, int poolBatches = 50, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"LengthBucketSampler: batchSize must be 1 or more, got {batchSize}.");
        if (poolBatches < 1)
            throw new ArgumentOutOfRangeException(nameof(poolBatches), poolBatches, $"LengthBucketSampler: poolBatches must be 1 or more, got {poolBatches}.");
        _lengths = lengths.ToArray();
        BatchSize = batchSize;
        Seed = seed;
        PoolBatches = poolBatches;
        DropLast = dropLast;
    }

    /// <summary>A sampler over the lengths of <paramref name="dataset"/>'s sequences.</summary>
    public LengthBucketSampler(SequenceDataset dataset, int batchSize, ulong seed, int poolBatches = 50, bool dropLast = false)
        : this(Enumerable.Range(0, (dataset ?? throw new ArgumentNullException(nameof(dataset))).Count).Select(dataset.LengthOf).ToArray(),
            batchSize, seed, poolBatches, dropLast)
    {
    }

    /// <summary>Examples per batch (a pool's last batch may be smaller unless <see cref="DropLast"/>).</summary>
    public int BatchSize { get; }

    /// <summary>Seed of the shuffles; epoch e uses (Seed, e).</summary>
    public ulong Seed { get; }

    /// <summary>Batches per length-sorted pool: larger pools pad less but mix less.</summary>
    public int PoolBatches { get; }

    /// <summary>Whether each pool's last, smaller batch is dropped.</summary>
    public bool DropLast { get; }

    /// <summary>Number of examples.</summary>
    public int Count => _lengths.Length;

    /// <summary>The batches (example indices) of epoch <paramref name="epoch"/>; every example appears once (unless dropped).</summary>
    public List<int[]> Batches(int epoch)
    {
        var g = new Generator(unchecked(Seed + (ulong)epoch * 0x9E3779B97F4A7C15UL));
        int[] order = Splits.Permutation(_lengths.Length, g);
        int pool = BatchSize * PoolBatches;
        var batches = new List<int[]>();
        for (int start = 0; start < order.Length; start += pool)
        {
            int[] chunk = order[start..Math.Min(order.Length, start + pool)];
            // Stable sort by length, so equal lengths keep their shuffled order.
            int[] sorted = chunk.Select((ix, k) => (ix, k)).OrderBy(p => _lengths[p.ix]).ThenBy(p => p.k).Select(p => p.ix).ToArray();
            for (int b = 0; b < sorted.Length; b += BatchSize)
            {
                int n = Math.Min(BatchSize, sorted.Length - b);
                if (n < BatchSize && DropLast)
                    continue;
                batches.Add(sorted[b..(b + n)]);
            }
        }
        int[] batchOrder = Splits.Permutation(batches.Count, g);
        return batchOrder.Select(i => batches[i]).ToList();
    }
}
