namespace Glubina.Data;

/// <summary>
/// The examples of another dataset at the given positions (torch.utils.data.Subset), e.g. the training part
/// of a split from <see cref="Splits"/>. Batches of a subset of a <see cref="TensorDataset"/> are still one gather.
/// </summary>
public sealed class Subset : IBatchedDataset
{
    private readonly int[] _indices;

    /// <summary>The examples of <paramref name="dataset"/> at <paramref name="indices"/>, in that order (the list is copied;
    /// an index may appear more than once).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the dataset.</exception>
    public Subset(IDataset dataset, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(indices);
        _indices = new int[indices.Count];
        for (int i = 0; i < _indices.Length; i++)
        {
            int j = indices[i];
            if ((uint)j >= (uint)dataset.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), j,
                    $"Subset: index {j} at position {i} is outside the dataset's {dataset.Count} examples (0..{dataset.Count - 1}).");
            _indices[i] = j;
        }
        Dataset = dataset;
    }

    /// <summary>The dataset this is a subset of.</summary>
    public IDataset Dataset { get; }

    /// <summary>Positions in <see cref="Dataset"/> of this subset's examples.</summary>
    public IReadOnlyList<int> Indices => _indices;

    /// <inheritdoc/>
    public int Count => _indices.Length;

    /// <inheritdoc/>
    public Example this[int index]
    {
        get
        {
            TensorDataset.CheckIndex(index, Count, "Subset");
            return Dataset[_indices[index]];
        }
    }

    /// <inheritdoc/>
    public Batch GetBatch(ReadOnlySpan<int> indices)
    {
        var mapped = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            TensorDataset.CheckIndex(indices[i], Count, "Subset.GetBatch");
            mapped[i] = _indices[indices[i]];
        }
        if (Dataset is IBatchedDataset batched)
            return batched.GetBatch(mapped);
        var examples = new Example[mapped.Length];
        for (int i = 0; i < mapped.Length; i++)
            examples[i] = Dataset[mapped[i]];
        return DataLoader.DefaultCollate(examples);
    }
}
