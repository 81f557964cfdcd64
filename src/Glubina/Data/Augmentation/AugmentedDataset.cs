using Glubina.Tensors;

namespace Glubina.Data.Augmentation;

/// <summary>
/// Applies an image transform to each example's input on the fly, as it is read (torchvision's
/// <c>transform=</c> argument of a dataset); targets pass through unchanged. Use it for the training set only.
/// <para>Seeding: the k-th read of example i draws from a generator seeded with (seed, i, k). The augmentation of
/// an example is therefore the same on every run, whatever the batch order or thread, and differs from epoch to
/// epoch (each epoch reads an example once more). <see cref="Reset"/> starts every example's count from zero.</para>
/// </summary>
public sealed class AugmentedDataset : IDataset
{
    private readonly ulong _seed;
    private int[] _reads;

    /// <param name="dataset">Examples whose inputs are float32 images [C, H, W].</param>
    /// <param name="transform">The augmentation (often a <see cref="Compose"/>).</param>
    /// <param name="seed">Seed of the augmentation streams.</param>
    public AugmentedDataset(IDataset dataset, IImageTransform transform, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transform);
        Dataset = dataset;
        Transform = transform;
        _seed = seed;
        _reads = new int[dataset.Count];
    }

    /// <summary>The dataset being augmented.</summary>
    public IDataset Dataset { get; }

    /// <summary>The transform applied to each input.</summary>
    public IImageTransform Transform { get; }

    /// <inheritdoc/>
    public int Count => Dataset.Count;

    /// <inheritdoc/>
    public Example this[int index]
    {
        get
        {
            TensorDataset.CheckIndex(index, Count, "AugmentedDataset");
            int read = Interlocked.Increment(ref _reads[index]) - 1;
            return Get(index, read);
        }
    }

    /// <summary>Example <paramref name="index"/> as augmented on its <paramref name="read"/>-th read (0-based), without counting a read.</summary>
    public Example Get(int index, int read)
    {
        TensorDataset.CheckIndex(index, Count, "AugmentedDataset.Get");
        Example e = Dataset[index];
        var g = new Generator(StreamSeed(_seed, index, read));
        return new Example(Transform.Apply(e.Input, g), e.Target);
    }

    /// <summary>Forgets how often each example was read: the next reads repeat the first epoch's augmentations.</summary>
    public void Reset() => _reads = new int[Dataset.Count];

    private static ulong StreamSeed(ulong seed, int index, int read)
    {
        ulong h = seed ^ 0x9E3779B97F4A7C15UL;
        h = (h ^ (uint)index) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 31) ^ ((ulong)(uint)read << 32)) * 0x94D049BB133111EBUL;
        return h ^ (h >> 29);
    }
}
