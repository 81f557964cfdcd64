using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>Ops that return a view sharing the input's storage (no copy), with their backward.</summary>
internal static class ViewOps
{
    private static Tensor View(Tensor x, int[] shape, int[] strides, int offset) => new(x.Storage, shape, strides, offset);

    public static Tensor Reshape(Tensor x, int[] requested)
    {
        int[] shape = ShapeMath.InferShape(requested, x.Numel, "Reshape", x._shape);
        Tensor src = x.IsContiguous ? x : CopyOps.Contiguous(x);
        Tensor y = View(src, shape, ShapeMath.ContiguousStrides(shape), src._offset);
        return Node.ShouldRecord(src) ? Node.Record(y, new ReshapeNode(src)) : y;
    }

    public static Tensor Permute(Tensor x, int[] dims)
    {
        int rank = x.Rank;
        if (dims.Length != rank)
            throw new ArgumentException(
                $"Permute: {dims.Length} dims given for a tensor of rank {rank} (shape {ShapeMath.Format(x._shape)}).");
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
            shape[i] = x._shape[d];
            strides[i] = x._strides[d];
        }
        Tensor y = View(x, shape, strides, x._offset);
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
        int size = x._shape[d];
        if (start < 0)
            start += size;
        if (start < 0 || length < 0 || start + length > size)
            throw new ArgumentOutOfRangeException(nameof(start),
                $"Narrow: start {start} and length {length} do not fit dim {d} of size {size} (shape {ShapeMath.Format(x._shape)}).");
        var shape = x.ShapeArray();
        shape[d] = length;
        Tensor y = View(x, shape, (int[])x._strides.Clone(), x._offset + start * x._strides[d]);
        return Node.ShouldRecord(x) ? Node.Record(y, new NarrowNode(x, d, start)) : y;
    }

    public static Tensor Select(Tensor x, int dim, int index)
    {
        int d = ShapeMath.NormalizeDim(dim, x.Rank, "Select");
        if (x.Rank == 0)
            throw new ArgumentException("Select: cannot select from a 0-d tensor.");
        int size = x._shape[d];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size)
            throw new IndexOutOfRangeException(
                $"Select: index {index} is out of range for dim {d} of size {size} (shape {ShapeMath.Format(x._shape)}).");
        var shape = new List<int>(x._shape);
        var strides = new List<int>(x._strides);
        shape.RemoveAt(d);
        strides.RemoveAt(d);
        Tensor y = View(x, [.. shape], [.. strides], x._offset + i * x._strides[d]);
        return Node.ShouldRecord(x) ? Node.Record(y, new SelectNode(x, d, i)) : y;
    }

    public static Tensor Expand(Tensor x, ReadOnlySpan<int> target)
    {
        if (target.Length < x.Rank)
            throw new ArgumentException(
                $"Expand: the target {ShapeMath.Format(target)} has fewer dims than the tensor {ShapeMath.Format(x._shape)}.");
        var shape = target.ToArray();
        int lead = shape.Length - x.Rank;
        for (int i = 0; i < shape.Length; i++)
        {
            int have = i < lead ? 1 : x._shape[i - lead];
            if (shape[i] == -1 && i >= lead)
                shape[i] = have;
            if (have != 1 && have != shape[i])
                throw new ArgumentException(
                    $"Expand: the tensor {ShapeMath.Format(x._shape)} cannot be expanded to {ShapeMath.Format(target)} " +
                    $"(dim {i}: size {have} is neither 1 nor {shape[i]}).");
        }
        if (ShapeMath.SameShape(shape, x._shape))
            return x;
        Tensor y = View(x, shape, ShapeMath.BroadcastStrides(x._shape, x._strides, shape), x._offset);
        return Node.ShouldRecord(x) ? Node.Record(y, new ExpandNode(x)) : y;
    }

    public static Tensor Squeeze(Tensor x, int? dim)
    {
        var shape = new List<int>();
        var strides = new List<int>();
        int only = dim is int dd ? ShapeMath.NormalizeDim(dd, x.Rank, "Squeeze") : -1;
        for (int i = 0; i < x.Rank; i++)
        {
            bool drop = x._shape[i] == 1 && (dim is null || i == only);
            if (drop)
                continue;
            shape.Add(x._shape[i]);
            strides.Add(x._strides[i]);
        }
        if (shape.Count == x.Rank)
            return x;
        Tensor y = View(x, [.. shape], [.. strides], x._offset);
        return Node.ShouldRecord(x) ? Node.Record(y, new ReshapeNode(x)) : y;
    }

    public static Tensor Unsqueeze(Tensor x, int dim)
    {
        int d = ShapeMath.NormalizeDim(dim, x.Rank + 1, "Unsqueeze");
        var shape = new List<int>(x._shape);
        var strides = new List<int>(x._strides);
        int stride = d < x.Rank ? x._strides[d] * x._shape[d] : 1;
        shape.Insert(d, 1);
        strides.Insert(d, stride);
        Tensor y = View(x, [.. shape], [.. strides], x._offset);
        return Node.ShouldRecord(x) ? Node.Record(y, new ReshapeNode(x)) : y;
    }

    /// <summary>Zeros of <paramref name="shape"/> with <paramref name="g"/> written into the narrow window.</summary>
    internal static Tensor Embed(Tensor g, int[] shape, int dim, int start)
    {
        Tensor full = Tensor.Zeros(shape, g.DType);
        Tensor window = View(full, g.ShapeArray(), (int[])full._strides.Clone(), start * full._strides[dim]);
        CopyInto(g, window);
        return full;
    }

    /// <summary>Copies src into a (possibly strided) destination view of the same shape.</summary>
    internal static void CopyInto(Tensor src, Tensor dst)
    {
        var layout = new StridedLayout(src._shape, src._strides, dst._strides);
        switch (src.DType)
        {
            case DType.Float32: StridedCopy.Copy<float>(src.Data<float>(), src._offset, layout, dst.Data<float>(), dst._offset); break;
            case DType.Float64: StridedCopy.Copy<double>(src.Data<double>(), src._offset, layout, dst.Data<double>(), dst._offset); break;
            case DType.Int64: StridedCopy.Copy<long>(src.Data<long>(), src._offset, layout, dst.Data<long>(), dst._offset); break;
            case DType.Bool: StridedCopy.Copy<bool>(src.Data<bool>(), src._offset, layout, dst.Data<bool>(), dst._offset); break;
        }
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
