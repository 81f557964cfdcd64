using System.Numerics;
using System.Numerics.Tensors;
using Glubina.Tensors;
using Tensor = Glubina.Tensors.Tensor;

namespace Glubina.Autograd.Ops;

/// <summary>The primitive reductions, sum and max/min with indices, over any set of dims; the other reductions
/// (mean, var, std, logsumexp, norm) are composed from these in Tensor.Reductions.cs.</summary>
internal static class ReductionOps
{
    /// <summary>Sorted, de-duplicated, normalized dims (null means all).</summary>
    public static int[] NormalizeDims(int[]? dims, int rank, string op)
    {
        if (dims is null)
            return Enumerable.Range(0, rank).ToArray();
        var set = new SortedSet<int>();
        foreach (int d in dims)
            if (!set.Add(ShapeMath.NormalizeDim(d, rank, op)))
                throw new ArgumentException($"{op}: dim {d} appears more than once in {ShapeMath.Format(dims)}.");
        return [.. set];
    }

    public static int[] ReducedShape(ReadOnlySpan<int> shape, int[] dims, bool keepdim)
    {
        var result = new List<int>();
        for (int i = 0; i < shape.Length; i++)
        {
            bool reduced = Array.IndexOf(dims, i) >= 0;
            if (!reduced)
                result.Add(shape[i]);
            else if (keepdim)
                result.Add(1);
        }
        return [.. result];
    }

    // A contiguous [rows, len] arrangement of x: kept dims first, reduced dims last.
    private static Tensor Arrange(Tensor x, int[] dims, out int rows, out int len)
    {
        var order = new List<int>();
        len = 1;
        rows = 1;
        for (int i = 0; i < x.Rank; i++)
            if (Array.IndexOf(dims, i) < 0)
            {
                order.Add(i);
                rows *= x.Shape[i];
            }
        foreach (int d in dims)
        {
            order.Add(d);
            len *= x.Shape[d];
        }
        Tensor p = x.Rank == 0 ? x : x.Detach().Permute([.. order]);
        return p.IsContiguous ? p : CopyOps.RawCopy(p);
    }

    public static Tensor Sum(Tensor x, int[]? dims, bool keepdim)
    {
        x.EnsureFloating("sum");
        int[] d = NormalizeDims(dims, x.Rank, "sum");
        Tensor y = Tensor.Empty(x.DType, ReducedShape(x.Shape, d, keepdim));
        DTypeDispatch.Float(x.DType, new SumBody(x, d, y));
        return Node.ShouldRecord(x) ? Node.Record(y, new SumNode(x, d)) : y;
    }

    // x → y: x summed over dims
    private readonly struct SumBody(Tensor x, int[] dims, Tensor y) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            Span<T> dst = y.ContiguousSpan<T>();
            bool leading = x.IsContiguous && dims.Length > 0 && dims.Length < x.Rank && dims[^1] == dims.Length - 1;
            if (leading)
            {
                // Reducing leading dims of a contiguous tensor (a bias gradient): add whole rows, vectorized.
                int inner = dst.Length;
                ReadOnlySpan<T> src = x.ContiguousSpan<T>();
                dst.Clear();
                for (int start = 0; start < src.Length; start += Math.Max(inner, 1))
                    TensorPrimitives.Add(dst, src.Slice(start, inner), dst);
                return;
            }
            Tensor a = Arrange(x, dims, out int rows, out int len);
            ReadOnlySpan<T> data = a.ContiguousSpan<T>();
            for (int r = 0; r < rows; r++)
                dst[r] = TensorPrimitives.Sum(data.Slice(r * len, len));
        }
    }

    /// <summary>Max (or min) along one dim: values and int64 indices of the first extreme element.</summary>
    public static (Tensor Values, Tensor Indices) MaxMin(Tensor x, int dim, bool keepdim, bool isMax)
    {
        string name = isMax ? "max" : "min";
        x.EnsureFloating(name);
        int d = ShapeMath.NormalizeDim(dim, x.Rank, name);
        int[] dims = x.Rank == 0 ? [] : [d];
        if (x.Rank > 0 && x.Shape[d] == 0)
            throw new ArgumentException($"{name}: cannot reduce over dim {d} of size 0 (shape {ShapeMath.Format(x.Shape)}).");
        int[] shape = ReducedShape(x.Shape, dims, keepdim);
        Tensor values = Tensor.Empty(x.DType, shape);
        Tensor indices = Tensor.Empty(DType.Int64, (int[])shape.Clone());
        Tensor a = Arrange(x, dims, out int rows, out int len);
        DTypeDispatch.Float(x.DType, new MaxMinBody(a, values, indices, rows, len, isMax));
        if (Node.ShouldRecord(x))
            Node.Record(values, new MaxMinNode(x, indices, d, keepdim, name));
        return (values, indices);
    }

    // a: [rows, len] contiguous → values: [rows], indices: [rows] (the first extreme of each row)
    private readonly struct MaxMinBody(Tensor a, Tensor values, Tensor indices, int rows, int len, bool isMax) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            ReadOnlySpan<T> data = a.ContiguousSpan<T>();
            Span<T> v = values.ContiguousSpan<T>();
            Span<long> ix = indices.ContiguousSpan<long>();
            for (int r = 0; r < rows; r++)
            {
                var row = data.Slice(r * len, len);
                int i = isMax ? TensorPrimitives.IndexOfMax(row) : TensorPrimitives.IndexOfMin(row);
                v[r] = row[i];
                ix[r] = i;
            }
        }
    }

    private sealed class SumNode(Tensor x, int[] dims) : Node(x)
    {
        private readonly int[] _shape = x.ShapeArray();

        public override string Name => "sum";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor kept = g.Reshape(ReducedShape(_shape, dims, keepdim: true));
            return [kept.Expand(_shape)];
        }
    }

    private sealed class MaxMinNode(Tensor x, Tensor indices, int dim, bool keepdim, string name) : Node(x)
    {
        private readonly SavedTensor _indices = new(indices);
        private readonly int[] _shape = x.ShapeArray();

        public override string Name => name;

        protected override Tensor?[] Backward(Tensor g)
        {
            if (_shape.Length == 0)
                return [g];
            Tensor idx = _indices.Get(Name);
            Tensor gk = keepdim ? g : g.Unsqueeze(dim);
            Tensor ik = keepdim ? idx : idx.Unsqueeze(dim);
            return [IndexingOps.ScatterAdd(Tensor.Zeros(_shape, g.DType), dim, ik, gk)];
        }
    }
}
