using System.Numerics.Tensors;
using Glubina.Autograd.Ops;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    /// <summary>Matrix product with NumPy semantics: 1-D·1-D dot, matrix·vector, batched with broadcast batch dims.</summary>
    public Tensor MatMul(Tensor other) => MatMulOps.MatMul(this, other);

    /// <summary>Affine map x·Wᵀ + b for x [..., in], weight [out, in], bias [out] (torch.nn.functional.linear),
    /// with the bias fused into the matrix product.</summary>
    public Tensor Linear(Tensor weight, Tensor? bias = null) => LinearOps.Linear(this, weight, bias);

    /// <summary>Picks values along <paramref name="dim"/> by an int64 index of the same rank (torch.gather).</summary>
    public Tensor Gather(int dim, Tensor index) => IndexingOps.Gather(this, dim, index);

    /// <summary>A copy with <paramref name="source"/> values added at the indexed positions along <paramref name="dim"/>.</summary>
    public Tensor ScatterAdd(int dim, Tensor index, Tensor source) => IndexingOps.ScatterAdd(this, dim, index, source);

    /// <summary>The slices at the positions of a 1-D int64 index along <paramref name="dim"/>.</summary>
    public Tensor IndexSelect(int dim, Tensor index) => IndexingOps.IndexSelect(this, dim, index);

    /// <summary>Rows of <paramref name="weight"/> [num_embeddings, embedding_dim] looked up by this int64 tensor of
    /// indices [...] → [..., embedding_dim] (torch.nn.functional.embedding). Row <paramref name="paddingIdx"/> (negative
    /// counts from the end) gets no gradient; the backward adds the output's gradient rows into the used rows.</summary>
    public Tensor Embedding(Tensor weight, int? paddingIdx = null)
    {
        CheckEmbeddingIndices("embedding", this, weight);
        int num = weight.Size(0);
        if (paddingIdx is int p && (p < -num || p >= num))
            throw new ArgumentOutOfRangeException(nameof(paddingIdx), p, $"embedding: padding_idx must be within [{-num}, {num - 1}].");
        return EmbeddingOps.Embedding(weight, ToArray<long>(), _shape, paddingIdx is int q && q < 0 ? q + num : paddingIdx);
    }

    /// <summary>Checks the indices of an embedding lookup against the weight; errors name <paramref name="where"/>.</summary>
    internal static void CheckEmbeddingIndices(string where, Tensor indices, Tensor weight)
    {
        weight.EnsureFloating(where);
        if (indices.DType != DType.Int64)
            throw new ArgumentException($"{where}: indices must be int64, got {indices.DType.Name()} {ShapeMath.Format(indices.Shape)}.");
        if (weight.Rank != 2)
            throw new ArgumentException($"{where}: weight must be [num_embeddings, embedding_dim], got {ShapeMath.Format(weight.Shape)}.");
        int num = weight.Size(0);
        ReadOnlySpan<long> idx = indices.IsContiguous ? indices.ContiguousSpan<long>() : indices.ToArray<long>();
        // One vectorized pass in the usual case; the position of a bad index is looked for only when there is one.
        if (idx.IsEmpty || (TensorPrimitives.Min(idx) >= 0 && TensorPrimitives.Max(idx) < num))
            return;
        int at = 0;
        while (idx[at] >= 0 && idx[at] < num)
            at++;
        throw new IndexOutOfRangeException(
            $"{where}: index {idx[at]} at position {ShapeMath.Format(ShapeMath.Unravel(at, indices.Shape))} of the input " +
            $"{ShapeMath.Format(indices.Shape)} is out of range for num_embeddings = {num} (valid: 0..{num - 1}).");
    }

    /// <summary>One-hot encoding of an int64 tensor of class indices: a new last dim of size <paramref name="numClasses"/>.</summary>
    public Tensor OneHot(int numClasses, DType dtype = DType.Int64)
    {
        if (DType != DType.Int64)
            throw new ArgumentException($"OneHot: expected an int64 tensor of class indices, got {DType.Name()}.");
        if (numClasses <= 0)
            throw new ArgumentException($"OneHot: numClasses must be positive, got {numClasses}.");
        long[] labels = ToArray<long>();
        Tensor y = Zeros([.. _shape, numClasses], dtype);
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= numClasses)
                throw new ArgumentOutOfRangeException(nameof(numClasses),
                    $"OneHot: class index {labels[i]} at position {i} is outside 0..{numClasses - 1}.");
            y.SetRaw(i * numClasses + (int)labels[i], 1);
        }
        return y;
    }

    /// <summary>Lower triangle of the last two dims (elements with column − row ≤ diagonal); the rest zero.</summary>
    public Tensor Tril(int diagonal = 0) => TriangleMask(diagonal, lower: true);

    /// <summary>Upper triangle of the last two dims (elements with column − row ≥ diagonal); the rest zero.</summary>
    public Tensor Triu(int diagonal = 0) => TriangleMask(diagonal, lower: false);

    private Tensor TriangleMask(int diagonal, bool lower)
    {
        if (Rank < 2)
            throw new ArgumentException($"{(lower ? "Tril" : "Triu")}: expected at least 2 dims, got shape {ShapeMath.Format(_shape)}.");
        int rows = _shape[^2], cols = _shape[^1];
        var keep = new bool[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                keep[r * cols + c] = lower ? c - r <= diagonal : c - r >= diagonal;
        return Where(FromArray(keep, rows, cols), this, Scalar(0, DType));
    }

    // ---- joining and splitting ----

    /// <summary>Concatenates tensors along an existing dim.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0) => JoinOps.Cat(tensors, dim);

    /// <summary>Stacks tensors of equal shape along a new dim.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0)
            throw new ArgumentException("Stack: expected at least one tensor.");
        int d = ShapeMath.NormalizeDim(dim, tensors[0].Rank + 1, "Stack");
        for (int i = 1; i < tensors.Count; i++)
            if (!ShapeMath.SameShape(tensors[i]._shape, tensors[0]._shape))
                throw new ArgumentException(
                    $"Stack: tensor {i} has shape {ShapeMath.Format(tensors[i]._shape)}, tensor 0 has {ShapeMath.Format(tensors[0]._shape)}.");
        return Cat(tensors.Select(t => t.Unsqueeze(d)).ToArray(), d);
    }

    /// <summary>Splits into pieces of the given sizes along <paramref name="dim"/> (views).</summary>
    public Tensor[] Split(int[] sizes, int dim = 0)
    {
        int d = ShapeMath.NormalizeDim(dim, Rank, "Split");
        if (sizes.Sum() != _shape[d] || sizes.Any(s => s < 0))
            throw new ArgumentException(
                $"Split: sizes {ShapeMath.Format(sizes)} must be non-negative and add up to {_shape[d]} (dim {d} of {ShapeMath.Format(_shape)}).");
        var parts = new Tensor[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            parts[i] = Narrow(d, start, sizes[i]);
            start += sizes[i];
        }
        return parts;
    }

    /// <summary>Splits into pieces of <paramref name="splitSize"/> (the last may be smaller).</summary>
    public Tensor[] Split(int splitSize, int dim = 0)
    {
        if (splitSize <= 0)
            throw new ArgumentException($"Split: splitSize must be positive, got {splitSize}.");
        int size = Size(dim);
        var sizes = new List<int>();
        for (int s = 0; s < size; s += splitSize)
            sizes.Add(Math.Min(splitSize, size - s));
        return Split([.. sizes], dim);
    }

    /// <summary>Splits into <paramref name="chunks"/> pieces of size ceil(n/chunks) (fewer when they run out), as torch.chunk.</summary>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        if (chunks <= 0)
            throw new ArgumentException($"Chunk: chunks must be positive, got {chunks}.");
        int size = Size(dim);
        return Split(Math.Max(1, (size + chunks - 1) / chunks), dim);
    }
}
