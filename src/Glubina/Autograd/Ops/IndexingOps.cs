using System.Numerics;
using System.Numerics.Tensors;
using Glubina.Tensors;
using Tensor = Glubina.Tensors.Tensor;

namespace Glubina.Autograd.Ops;

/// <summary>Index-driven ops: gather, scatter_add and index_select, each the other's backward.</summary>
internal static class IndexingOps
{
    public static Tensor Gather(Tensor x, int dim, Tensor index)
    {
        x.EnsureFloating("gather");
        int d = ShapeMath.NormalizeDim(dim, x.Rank, "gather");
        CheckIndex(index, x, d, "gather", "index", sameRank: true);
        Tensor y = Tensor.Empty(x.DType, index.ShapeArray());
        Tensor ic = index.Contiguous();
        DTypeDispatch.Float(x.DType, new GatherBody(x, d, ic, y));
        return Node.ShouldRecord(x) ? Node.Record(y, new GatherNode(x, d, ic)) : y;
    }

    private readonly struct GatherBody(Tensor x, int dim, Tensor index, Tensor y) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            T[] src = x.Data<T>();
            T[] dst = y.Data<T>(); // fresh and contiguous: position p is element p
            ForEachPosition(index.Shape, x, dim, index.ContiguousSpan<long>(), "gather", (p, xOffset) => dst[p] = src[xOffset]);
        }
    }

    public static Tensor ScatterAdd(Tensor x, int dim, Tensor index, Tensor src)
    {
        x.EnsureFloating("scatter_add");
        int d = ShapeMath.NormalizeDim(dim, x.Rank, "scatter_add");
        CheckIndex(index, x, d, "scatter_add", "index", sameRank: true);
        if (src.DType != x.DType || src.Rank != index.Rank)
            throw new ArgumentException(
                $"scatter_add: src must be {x.DType.Name()} with rank {index.Rank}, got {src.DType.Name()} {ShapeMath.Format(src.Shape)}.");
        for (int i = 0; i < index.Rank; i++)
            if (index.Shape[i] > src.Shape[i])
                throw new ArgumentException(
                    $"scatter_add: index {ShapeMath.Format(index.Shape)} is larger than src {ShapeMath.Format(src.Shape)} in dim {i}.");
        Tensor y = CopyOps.RawCopy(x);
        Tensor ic = index.Contiguous();
        Tensor sc = CopyOps.RawCopy(src.Detach().Narrow0(index.Shape));
        DTypeDispatch.Float(x.DType, new ScatterAddBody(y, d, ic, sc));
        return Node.ShouldRecord(x, src) ? Node.Record(y, new ScatterAddNode(x, d, ic, src)) : y;
    }

    private readonly struct ScatterAddBody(Tensor y, int dim, Tensor index, Tensor src) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            T[] dst = y.Data<T>(), values = src.ContiguousSpan<T>().ToArray();
            ForEachPosition(index.Shape, y, dim, index.ContiguousSpan<long>(), "scatter_add", (p, yOffset) => dst[yOffset] += values[p]);
        }
    }

    public static Tensor IndexSelect(Tensor x, int dim, Tensor index)
    {
        int d = ShapeMath.NormalizeDim(dim, x.Rank, "index_select");
        if (index.DType != DType.Int64 || index.Rank > 1)
            throw new ArgumentException(
                $"index_select: index must be a 1-D int64 tensor, got {index.DType.Name()} {ShapeMath.Format(index.Shape)}.");
        long[] idx = index.ToArray<long>();
        int size = x.Shape[d];
        var shape = x.ShapeArray();
        shape[d] = idx.Length;
        Tensor y = Tensor.Empty(x.DType, shape);
        for (int j = 0; j < idx.Length; j++)
            if (idx[j] < 0 || idx[j] >= size)
                throw new IndexOutOfRangeException(
                    $"index_select: index {idx[j]} at position {j} is out of range for dim {d} of size {size}.");
        if (x.IsContiguous)
        {
            // Contiguous input: each selected slice is `inner` consecutive elements in each of `outer` blocks.
            int inner = 1, outer = 1;
            for (int k = d + 1; k < x.Rank; k++)
                inner *= x.Shape[k];
            for (int k = 0; k < d; k++)
                outer *= x.Shape[k];
            DTypeDispatch.Any(x.DType, new SelectBlocksBody(x, y, idx, outer, size, inner));
        }
        else
        {
            for (int j = 0; j < idx.Length; j++)
                ViewOps.CopyInto(x.Detach().Select(d, (int)idx[j]), y.Detach().Select(d, j));
        }
        return Node.ShouldRecord(x) ? Node.Record(y, new IndexSelectNode(x, d, idx)) : y;
    }

    // x: contiguous [outer, size, inner] → y: [outer, idx.Length, inner]
    private readonly struct SelectBlocksBody(Tensor x, Tensor y, long[] idx, int outer, int size, int inner) : IElementBody
    {
        public void Run<T>() where T : unmanaged
        {
            ReadOnlySpan<T> src = x.ContiguousSpan<T>();
            Span<T> dst = y.ContiguousSpan<T>();
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < idx.Length; j++)
                    src.Slice((o * size + (int)idx[j]) * inner, inner).CopyTo(dst.Slice((o * idx.Length + j) * inner, inner));
        }
    }

    private static void CheckIndex(Tensor index, Tensor x, int dim, string op, string what, bool sameRank)
    {
        if (index.DType != DType.Int64)
            throw new ArgumentException($"{op}: {what} must be int64, got {index.DType.Name()}.");
        if (sameRank && index.Rank != x.Rank)
            throw new ArgumentException(
                $"{op}: {what} {ShapeMath.Format(index.Shape)} must have the same rank as the input {ShapeMath.Format(x.Shape)}.");
        for (int i = 0; i < index.Rank; i++)
            if (i != dim && index.Shape[i] > x.Shape[i])
                throw new ArgumentException(
                    $"{op}: {what} {ShapeMath.Format(index.Shape)} is larger than the input {ShapeMath.Format(x.Shape)} in dim {i}.");
    }

    // Calls body(position in index, storage offset in x) for every index element, checking bounds.
    private static void ForEachPosition(ReadOnlySpan<int> indexShape, Tensor x, int dim, ReadOnlySpan<long> idx, string op, Action<int, int> body)
    {
        int rank = indexShape.Length;
        var counter = new int[rank];
        int size = x.Shape[dim];
        for (int p = 0; p < idx.Length; p++)
        {
            long i = idx[p];
            if (i < 0 || i >= size)
                throw new IndexOutOfRangeException(
                    $"{op}: index {i} is out of range for dim {dim} of size {size} (at position {p} of the index).");
            int offset = x.StorageOffset;
            for (int d = 0; d < rank; d++)
                offset += (d == dim ? (int)i : counter[d]) * x.Strides[d];
            body(p, offset);
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++counter[d] < indexShape[d])
                    break;
                counter[d] = 0;
            }
        }
    }

    private sealed class GatherNode(Tensor x, int dim, Tensor index) : Node(x)
    {
        private readonly SavedTensor _index = new(index);
        private readonly int[] _shape = x.ShapeArray();

        public override string Name => "gather";

        protected override Tensor?[] Backward(Tensor g) =>
            [ScatterAdd(Tensor.Zeros(_shape, g.DType), dim, _index.Get(Name), g)];
    }

    private sealed class ScatterAddNode(Tensor x, int dim, Tensor index, Tensor src) : Node(x, src)
    {
        private readonly SavedTensor _index = new(index);
        private readonly int[] _srcShape = src.ShapeArray();

        public override string Name => "scatter_add";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor? gSrc = null;
            if (NeedsGrad(1))
            {
                Tensor idx = _index.Get(Name);
                Tensor gathered = Gather(g, dim, idx);
                // src may be larger than index; the unused part gets no gradient.
                gSrc = ShapeMath.SameShape(idx.Shape, _srcShape) ? gathered : PadTo(gathered, _srcShape);
            }
            return [NeedsGrad(0) ? g : null, gSrc];
        }

        private static Tensor PadTo(Tensor t, int[] shape)
        {
            Tensor full = Tensor.Zeros(shape, t.DType);
            ViewOps.CopyInto(t, full.Detach().Narrow0(t.Shape));
            return full;
        }
    }

    private sealed class IndexSelectNode(Tensor x, int dim, long[] index) : Node(x)
    {
        private readonly int[] _shape = x.ShapeArray();

        public override string Name => "index_select";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor gx = Tensor.Zeros(_shape, g.DType);
            Tensor gc = g.Contiguous();
            int inner = 1, outer = 1;
            for (int k = dim + 1; k < _shape.Length; k++)
                inner *= _shape[k];
            for (int k = 0; k < dim; k++)
                outer *= _shape[k];
            DTypeDispatch.Float(g.DType, new AddBlocksBody(gc, gx, index, outer, _shape[dim], inner));
            return [gx];
        }
    }

    // g: contiguous [outer, index.Length, inner] → gx: [outer, size, inner], each block added at its index
    // (in index order, so repeated indices sum as in PyTorch)
    private readonly struct AddBlocksBody(Tensor g, Tensor gx, long[] index, int outer, int size, int inner) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            ReadOnlySpan<T> src = g.ContiguousSpan<T>();
            Span<T> dst = gx.ContiguousSpan<T>();
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < index.Length; j++)
                {
                    Span<T> block = dst.Slice((o * size + (int)index[j]) * inner, inner);
                    TensorPrimitives.Add<T>(block, src.Slice((o * index.Length + j) * inner, inner), block);
                }
        }
    }
}
