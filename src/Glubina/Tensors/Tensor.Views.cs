using Glubina.Autograd.Ops;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    /// <summary>Same elements in a new shape (one size may be -1). A view when contiguous, else a copy.</summary>
    public Tensor Reshape(params int[] shape) => ViewOps.Reshape(this, shape);

    /// <summary>Like <see cref="Reshape"/> but never copies: the tensor must be contiguous.</summary>
    public Tensor View(params int[] shape)
    {
        if (!IsContiguous)
            throw new InvalidOperationException(
                $"View: the tensor {ShapeMath.Format(_shape)} is not contiguous (strides {ShapeMath.Format(_strides)}); " +
                "use Reshape() or Contiguous().View().");
        return ViewOps.Reshape(this, shape);
    }

    /// <summary>Reorders dims: result dim i is input dim dims[i].</summary>
    public Tensor Permute(params int[] dims) => ViewOps.Permute(this, dims);

    /// <summary>Swaps two dims (a view).</summary>
    public Tensor Transpose(int dim0, int dim1) => ViewOps.Transpose(this, dim0, dim1);

    /// <summary>Transpose of a 2-D tensor (the last two dims for higher ranks).</summary>
    public Tensor T => Rank < 2 ? this : Transpose(-2, -1);

    /// <summary>Elements start..start+length-1 along <paramref name="dim"/> (a view).</summary>
    public Tensor Narrow(int dim, int start, int length) => ViewOps.Narrow(this, dim, start, length);

    /// <summary>Python-style slice start:end (end exclusive, negatives count from the end) along a dim.</summary>
    public Tensor Slice(int dim, int start, int end)
    {
        int size = Size(dim);
        int s = Math.Clamp(start < 0 ? start + size : start, 0, size);
        int e = Math.Clamp(end < 0 ? end + size : end, s, size);
        return Narrow(dim, s, e - s);
    }

    /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, with that dim removed (a view).</summary>
    public Tensor Select(int dim, int index) => ViewOps.Select(this, dim, index);

    /// <summary>Broadcasts size-1 dims to a larger shape without copying (-1 keeps a size).</summary>
    public Tensor Expand(params int[] shape) => ViewOps.Expand(this, shape);

    internal Tensor Expand(ReadOnlySpan<int> shape) => ViewOps.Expand(this, shape);

    /// <summary>Removes size-1 dims (all of them, or only <paramref name="dim"/>).</summary>
    public Tensor Squeeze(int? dim = null) => ViewOps.Squeeze(this, dim);

    /// <summary>Inserts a size-1 dim at <paramref name="dim"/>.</summary>
    public Tensor Unsqueeze(int dim) => ViewOps.Unsqueeze(this, dim);

    /// <summary>Merges dims startDim..endDim into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0)
            return Reshape(1);
        int s = ShapeMath.NormalizeDim(startDim, Rank, "Flatten"), e = ShapeMath.NormalizeDim(endDim, Rank, "Flatten");
        if (s > e)
            throw new ArgumentException($"Flatten: startDim ({startDim}) must not come after endDim ({endDim}).");
        var shape = new List<int>();
        for (int i = 0; i < s; i++)
            shape.Add(_shape[i]);
        int merged = 1;
        for (int i = s; i <= e; i++)
            merged *= _shape[i];
        shape.Add(merged);
        for (int i = e + 1; i < Rank; i++)
            shape.Add(_shape[i]);
        return Reshape([.. shape]);
    }

    /// <summary>The leading corner of this tensor with the given (smaller or equal) sizes (a view).</summary>
    internal Tensor Narrow0(ReadOnlySpan<int> sizes)
    {
        Tensor t = this;
        for (int d = 0; d < sizes.Length; d++)
            if (sizes[d] != t._shape[d])
                t = t.Narrow(d, 0, sizes[d]);
        return t;
    }
}
