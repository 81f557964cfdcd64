using System.Collections;

namespace Glubina.Data.Text;

/// <summary>
/// Mini-batches of a <see cref="SequenceDataset"/> in the order of a <see cref="LengthBucketSampler"/>: each batch is
/// padded only to its own longest sequence. Each <c>foreach</c> runs the next epoch, as <see cref="DataLoader"/> does.
/// </summary>
public sealed class BucketedLoader : IEnumerable<Batch>
{
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

    public SequenceDataset Dataset { get; }

    public LengthBucketSampler Sampler { get; }

    /// <summary>The epoch the next <c>foreach</c> runs.</summary>
    public int Epoch { get; set; }

    public IEnumerator<Batch> GetEnumerator() => GetEpoch(Epoch++).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The batches of epoch <paramref name="epoch"/>.</summary>
    public IEnumerable<Batch> GetEpoch(int epoch)
    {
        foreach (int[] indices in Sampler.Batches(epoch))
            yield return Dataset.GetBatch(indices);
    }
}
