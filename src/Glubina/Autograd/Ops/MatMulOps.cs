using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>Matrix product of [..., m, k] and [..., k, n] with broadcast batch dims, on the packed GEMM kernel.
/// Operands are read through their strides, so a transposed view costs no copy.</summary>
internal static class MatMulOps
{
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        a.EnsureFloating("matmul");
        if (a.DType != b.DType)
            throw new ArgumentException($"matmul: dtypes differ ({a.DType.Name()} and {b.DType.Name()}).");
        if (a.Rank == 0 || b.Rank == 0)
            throw new ArgumentException(
                $"matmul: both operands need at least one dim, got {ShapeMath.Format(a._shape)} and {ShapeMath.Format(b._shape)}.");
        if (a.Rank == 1 && b.Rank == 1)
            return MatMul(a.Unsqueeze(0), b.Unsqueeze(1)).Reshape();
        if (a.Rank == 1)
            return MatMul(a.Unsqueeze(0), b).Squeeze(-2);
        if (b.Rank == 1)
            return MatMul(a, b.Unsqueeze(1)).Squeeze(-1);

        int m = a._shape[^2], k = a._shape[^1], kb = b._shape[^2], n = b._shape[^1];
        if (k != kb)
            throw new ArgumentException(
                $"matmul: inner dimensions differ: {ShapeMath.Format(a._shape)} @ {ShapeMath.Format(b._shape)} ({k} vs {kb}).");
        int[] batch = ShapeMath.Broadcast(a._shape.AsSpan(0, a.Rank - 2), b._shape.AsSpan(0, b.Rank - 2), "matmul");
        Tensor y = Tensor.Empty(a.DType, [.. batch, m, n]);
        var aBatch = ShapeMath.BroadcastStrides(a._shape.AsSpan(0, a.Rank - 2), a._strides.AsSpan(0, a.Rank - 2), batch);
        var bBatch = ShapeMath.BroadcastStrides(b._shape.AsSpan(0, b.Rank - 2), b._strides.AsSpan(0, b.Rank - 2), batch);
        var yBatch = y._strides.AsSpan(0, batch.Length).ToArray();
        var layout = new StridedLayout(batch, aBatch, bBatch, yBatch);
        int rows = layout.RowCount, count = layout.RowLength;
        if (rows > 0 && m > 0 && n > 0)
        {
            var offsets = new int[3 * rows];
            layout.RowOffsets([a._offset, b._offset, 0], offsets);
            int sa = layout.InnerStride(0), sb = layout.InnerStride(1), sy = layout.InnerStride(2);
            for (int r = 0; r < rows; r++)
            {
                if (a.DType == DType.Float32)
                    Gemm.SgemmBatched(count, m, n, k,
                        a.Data<float>().AsSpan(offsets[r]), sa, a._strides[^2], a._strides[^1],
                        b.Data<float>().AsSpan(offsets[rows + r]), sb, b._strides[^2], b._strides[^1],
                        y.Data<float>().AsSpan(offsets[2 * rows + r]), sy, n, accumulate: false);
                else
                    Gemm.DgemmBatched(count, m, n, k,
                        a.Data<double>().AsSpan(offsets[r]), sa, a._strides[^2], a._strides[^1],
                        b.Data<double>().AsSpan(offsets[rows + r]), sb, b._strides[^2], b._strides[^1],
                        y.Data<double>().AsSpan(offsets[2 * rows + r]), sy, n, accumulate: false);
            }
        }
        return Node.ShouldRecord(a, b) ? Node.Record(y, new MatMulNode(a, b)) : y;
    }

    private sealed class MatMulNode(Tensor a, Tensor b) : Node(a, b)
    {
        private readonly SavedTensor _a = new(a), _b = new(b);

        public override string Name => "matmul";

        protected override Tensor?[] Backward(Tensor g) =>
        [
            NeedsGrad(0) ? MatMul(g, _b.Get(Name).Transpose(-1, -2)).SumTo(Inputs[0]._shape) : null,
            NeedsGrad(1) ? MatMul(_a.Get(Name).Transpose(-1, -2), g).SumTo(Inputs[1]._shape) : null,
        ];
    }
}
