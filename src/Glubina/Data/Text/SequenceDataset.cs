using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Data.Text;

/// <summary>
/// Token sequences of different lengths with one target each (e.g. a class index). Example i's input is its ids
/// (int64 [n], cut to <see cref="MaxLength"/>); a batch pads every sequence with &lt;pad&gt; (id 0) to the longest
/// one in that batch, so inputs are int64 [B, L] with L ≤ <see cref="MaxLength"/> and the mask is <c>ids != 0</c>.
/// Works with <see cref="DataLoader"/> (which calls <see cref="GetBatch"/>) and with <see cref="BucketedLoader"/>,
/// which groups sequences of similar length to cut the padding.
/// </summary>
public sealed class SequenceDataset : IBatchedDataset
{
    private readonly int[][] _sequences;

    /// <param name="sequences">Token ids per example.</param>
    /// <param name="targets">Targets [N, ...], one per sequence.</param>
    /// <param name="maxLength">Longer sequences keep their first <paramref name="maxLength"/> tokens.</param>
    public SequenceDataset(IReadOnlyList<int[]> sequences, Tensor targets, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(targets);
        if (maxLength < 1)
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"SequenceDataset: maxLength must be 1 or more, got {maxLength}.");
        if (targets.Rank == 0 || targets.Size(0) != sequences.Count)
            throw new ArgumentException(
                $"SequenceDataset: {sequences.Count} sequences but targets have shape {ShapeMath.Format(targets.Shape)}; " +
                "the first dim must equal the number of sequences.", nameof(targets));
        _sequences = new int[sequences.Count][];
        for (int i = 0; i < _sequences.Length; i++)
        {
            int[] s = sequences[i] ?? throw new ArgumentException($"SequenceDataset: sequence {i} is null.", nameof(sequences));
            _sequences[i] = s.Length <= maxLength ? s : s[..maxLength];
        }
        Targets = targets;
        MaxLength = maxLength;
    }

    /// <summary>Targets [N, ...], one per sequence.</summary>
    public Tensor Targets { get; }

    /// <summary>Most tokens kept per sequence; longer sequences were cut to their first MaxLength tokens.</summary>
    public int MaxLength { get; }

    /// <inheritdoc/>
    public int Count => _sequences.Length;

    /// <summary>The number of tokens of example <paramref name="index"/> (after cutting to <see cref="MaxLength"/>).</summary>
    public int LengthOf(int index)
    {
        TensorDataset.CheckIndex(index, Count, "SequenceDataset.LengthOf");
        return _sequences[index].Length;
    }

    /// <summary>Example <paramref name="index"/>: ids int64 [n] and its target.</summary>
    public Example this[int index]
    {
        get
        {
            TensorDataset.CheckIndex(index, Count, "SequenceDataset");
            int[] s = _sequences[index];
            return new Example(Tensor.FromArray(s, s.Length), Targets.Select(0, index));
        }
    }

    /// <summary>The examples at <paramref name="indices"/> padded to the longest of them: ids [B, L], targets [B, ...].</summary>
    public Batch GetBatch(ReadOnlySpan<int> indices)
    {
        var seqs = new IReadOnlyList<int>[indices.Length];
        var idx = new long[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            TensorDataset.CheckIndex(indices[i], Count, "SequenceDataset.GetBatch");
            seqs[i] = _sequences[indices[i]];
            idx[i] = indices[i];
        }
        PaddedSequences padded = SequencePadding.Pad(seqs);
        padded.Mask.Dispose();
        using var noGrad = GradMode.NoGrad();
        using Tensor index = Tensor.FromArray(idx);
        return new Batch(padded.Ids, Targets.IndexSelect(0, index));
    }

    /// <summary>The share of padding positions when the data is cut into <paramref name="batches"/> (0 = none).</summary>
    public double PaddingFraction(IEnumerable<int[]> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        long padded = 0, real = 0;
        foreach (int[] batch in batches)
        {
            if (batch.Length == 0)
                continue;
            int longest = Math.Max(1, batch.Max(LengthOf));
            padded += (long)longest * batch.Length;
            real += batch.Sum(LengthOf);
        }
        return padded == 0 ? 0 : 1 - (double)real / padded;
    }
}
