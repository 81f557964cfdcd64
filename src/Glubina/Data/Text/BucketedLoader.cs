using System.Collections;

namespace Glubina.Data.Text;

/// <summary>
/// Mini-batches of a <see cref="SequenceDataset"/> in the order of a <see cref="LengthBucketSampler"/>: each batch is
/// padded only to its own longest sequence. Each <c>foreach</c> runs the next epoch, as <see cref="DataLoader"/> does.
/// </summary>
public sealed class BucketedLoader : IEnumerable<Batch>
{
    /// <summary>Batches of <paramref name="dataset"/>, grouped as <paramref name="sampler"/> draws them.</summary>
    /// <exception cref="ArgumentException">The sampler covers a different number of examples than the dataset holds.</exception>
    public BucketedLoader(SequenceDataset dataset, LengthBucketSampler sampler)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(sampler);
        if (sampler.Count != dataset.Count)
            throw new ArgumentException(
                $"BucketedLoader: the sampler covers {sampler.Count} examples but the dataset has {dataset.Count}.", nameof(sampler));
        Dataset = dataset;
        Sampler = sampler;
    }

    /// <summary>The sequences being batched.</summary>
    public SequenceDataset Dataset { get; }

    /// <summary>Decides which examples share a batch, epoch by epoch.</summary>
    public LengthBucketSampler Sampler { get; }

    /// <summary>The epoch the next <c>foreach</c> runs.</summary>
    public int Epoch { get; set; }

    /// <summary>Runs epoch <see cref="Epoch"/> and counts <see cref="Epoch"/> up by one.</summary>
    public IEnumerator<Batch> GetEnumerator() => GetEpoch(Epoch++).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The batches of epoch <paramref name="epoch"/>.</summary>
    public IEnumerable<Batch> GetEpoch(int epoch)
    {
        foreach (int[] indices in Sampler.Batches(epoch))
            yield return Dataset.GetBatch(indices);
    }
}
