using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>Ops that return a view sharing the input's storage (no copy), with their backward.</summary>
internal static class ViewOps
{
    private static Tensor View(Tensor x, int[] shape, int[] strides, int offset) => x.AsStrided(shape, strides, offset);

    public static Tensor Reshape(Tensor x, int[] requested)
    {
        int[] shape = ShapeMath.InferShape(requested, x.Numel, "Reshape", x.Shape);
        Tensor src = x.IsContiguous ? x : CopyOps.Contiguous(x);
        Tensor y = View(src, shape, ShapeMath.ContiguousStrides(shape), src.StorageOffset);
        return Node.ShouldRecord(src) ? Node.Record(y, new ReshapeNode(src)) : y;
    }

    public static Tensor Permute(Tensor x, int[] dims)
    {
        int rank = x.Rank;
        if (dims.Length != rank)
            throw new ArgumentException(
                $"Permute: {dims.Length} dims given for a tensor of rank {rank} (shape {ShapeMath.Format(x.Shape)}).");
        var seen = new bool[rank];
        var shape = new int[rank];
        var strides = new int[rank];
        var normalized = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int d = ShapeMath.NormalizeDim(dims[i], rank, "Permute");
            if (seen[d])
                throw new ArgumentException($"Permute: dim {d} appears twice in {ShapeMath.Format(dims)}.");
            seen[d] = true;
            normalized[i] = d;
            shape[i] = x.Shape[d];
            strides[i] = x.Strides[d];
        }
        Tensor y = View(x, shape, strides, x.StorageOffset);
        return Node.ShouldRecord(x) ? Node.Record(y, new PermuteNode(x, normalized)) : y;
    }

    public static Tensor Transpose(Tensor x, int dim0, int dim1)
    {
        int rank = x.Rank;
        int a = ShapeMath.NormalizeDim(dim0, rank, "Transpose"), b = ShapeMath.NormalizeDim(dim1, rank, "Transpose");
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
            dims[i] = i;
        (dims[a], dims[b]) = (dims[b], dims[a]);
        return rank == 0 ? x : Permute(x, dims);
    }

    public static Tensor Narrow(Tensor x, int dim, int start, int length)
    {
        int d = ShapeMath.NormalizeDim(dim, x.Rank, "Narrow");
        int size = x.Shape[d];
        if (start < 0)
            start += size;
        if (start < 0 || length < 0 || start + length > size)
            throw new ArgumentOutOfRangeException(nameof(start),
                $"Narrow: start {start} and length {length} do not fit dim {d} of size {size} (shape {ShapeMath.Format(x.Shape)}).");
        var shape = x.ShapeArray();
        shape[d] = length;
        Tensor y = View(x, shape, x.Strides.ToArray(), x.StorageOffset + start * x.Strides[d]);
        return Node.ShouldRecord(x) ? Node.Record(y, new NarrowNode(x, d, start)) : y;
    }

    public static Tensor Select(Tensor x, int dim, int index)
    {
        int d = ShapeMath.NormalizeDim(dim, x.Rank, "Select");
        if (x.Rank == 0)
            throw new ArgumentException("Select: cannot select from a 0-d tensor.");
        int size = x.Shape[d];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size)
            throw new IndexOutOfRangeException(
                $"Select: index {index} is out of range for dim {d} of size {size} (shape {ShapeMath.Format(x.Shape)}).");
        Tensor y = View(x, [.. x.Shape[..d], .. x.Shape[(d + 1)..]], [.. x.Strides[..d], .. x.Strides[(d + 1)..]],
            x.StorageOffset + i * x.Strides[d]);
        return Node.ShouldRecord(x) ? Node.Record(y, new SelectNode(x, d, i)) : y;
    }

    public static Tensor Expand(Tensor x, ReadOnlySpan<int> target)
    {
        if (target.Length < x.Rank)
            throw new ArgumentException(
                $"Expand: the target {ShapeMath.Format(target)} has fewer dims than the tensor {ShapeMath.Format(x.Shape)}.");
        var shape = target.ToArray();
        int lead = shape.Length - x.Rank;
        for (int i = 0; i < shape.Length; i++)
        {
            int have = i < lead ? 1 : x.Shape[i - lead];
            if (shape[i] == -1 && i >= lead)
                shape[i] = have;
            if (have != 1 && have != shape[i])
                throw new ArgumentException(
                    $"Expand: the tensor {ShapeMath.Format(x.Shape)} cannot be expanded to {ShapeMath.Format(target)} " +
                    $"(dim {i}: size {have} is neither 1 nor {shape[i]}).");
        }
        if (ShapeMath.SameShape(shape, x.Shape))
            return x;
        Tensor y = View(x, shape, ShapeMath.BroadcastStrides(x.Shape, x.Strides, shape), x.StorageOffset);
        return Node.ShouldRecord(x) ? Node.Record(y, new ExpandNode(x)) : y;
    }

    public static Tensor Squeeze(Tensor x, int? dim)
    {
        var shape = new List<int>();
        var strides = new List<int>();
        int only = dim is int dd ? ShapeMath.NormalizeDim(dd, x.Rank, "Squeeze") : -1;
        for (int i = 0; i < x.Rank; i++)
        {
            bool drop = x.Shape[i] == 1 && (dim is null || i == only);
            if (drop)
                continue;
            shape.Add(x.Shape[i]);
            strides.Add(x.Strides[i]);
        }
        if (shape.Count == x.Rank)
            return x;
        Tensor y = View(x, [.. shape], [.. strides], x.StorageOffset);
        return Node.ShouldRecord(x) ? Node.Record(y, new ReshapeNode(x)) : y;
    }

    public static Tensor Unsqueeze(Tensor x, int dim)
    {
        int d = ShapeMath.NormalizeDim(dim, x.Rank + 1, "Unsqueeze");
        int stride = d < x.Rank ? x.Strides[d] * x.Shape[d] : 1;
        Tensor y = View(x, [.. x.Shape[..d], 1, .. x.Shape[d..]], [.. x.Strides[..d], stride, .. x.Strides[d..]], x.StorageOffset);
        return Node.ShouldRecord(x) ? Node.Record(y, new ReshapeNode(x)) : y;
    }

    /// <summary>Zeros of <paramref name="shape"/> with <paramref name="g"/> written into the narrow window.</summary>
    internal static Tensor Embed(Tensor g, int[] shape, int dim, int start)
    {
        Tensor full = Tensor.Zeros(shape, g.DType);
        Tensor window = View(full, g.ShapeArray(), full.Strides.ToArray(), start * full.Strides[dim]);
        CopyInto(g, window);
        return full;
    }

    /// <summary>Copies src into a (possibly strided) destination view of the same shape.</summary>
    internal static void CopyInto(Tensor src, Tensor dst)
    {
        var layout = new StridedLayout(src.Shape, src.Strides.ToArray(), dst.Strides.ToArray());
        DTypeDispatch.Any(src.DType, new CopyIntoBody(src, layout, dst));
    }

    private readonly struct CopyIntoBody(Tensor src, StridedLayout layout, Tensor dst) : IElementBody
    {
        public void Run<T>() where T : unmanaged =>
            StridedCopy.Copy<T>(src.Data<T>(), src.StorageOffset, layout, dst.Data<T>(), dst.StorageOffset);
    }

    private sealed class ReshapeNode(Tensor x) : Node(x)
    {
        private readonly int[] _shape = x.ShapeArray();

        public override string Name => "reshape";

        protected override Tensor?[] Backward(Tensor g) => [Reshape(g, _shape)];
    }

    private sealed class PermuteNode(Tensor x, int[] dims) : Node(x)
    {
        public override string Name => "permute";

        protected override Tensor?[] Backward(Tensor g)
        {
            var inverse = new int[dims.Length];
            for (int i = 0; i < dims.Length; i++)
                inverse[dims[i]] = i;
            return [Permute(g, inverse)];
        }
    }

    private sealed class NarrowNode(Tensor x, int dim, int start) : Node(x)
    {
        private readonly int[] _shape = x.ShapeArray();

        public override string Name => "narrow";

        protected override Tensor?[] Backward(Tensor g) => [Embed(g, _shape, dim, start)];
    }

    private sealed class SelectNode(Tensor x, int dim, int index) : Node(x)
    {
        private readonly int[] _shape = x.ShapeArray();

        public override string Name => "select";

        protected override Tensor?[] Backward(Tensor g) => [Embed(Unsqueeze(g, dim), _shape, dim, index)];
    }

    private sealed class ExpandNode(Tensor x) : Node(x)
    {
        private readonly int[] _shape = x.ShapeArray();

        public override string Name => "expand";

        protected override Tensor?[] Backward(Tensor g) => [g.SumTo(_shape)];
    }
}
