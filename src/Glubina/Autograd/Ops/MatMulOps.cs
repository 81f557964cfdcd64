using System.Numerics;
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
                $"matmul: both operands need at least one dim, got {ShapeMath.Format(a.Shape)} and {ShapeMath.Format(b.Shape)}.");
        if (a.Rank == 1 && b.Rank == 1)
            return MatMul(a.Unsqueeze(0), b.Unsqueeze(1)).Reshape();
        if (a.Rank == 1)
            return MatMul(a.Unsqueeze(0), b).Squeeze(-2);
        if (b.Rank == 1)
            return MatMul(a, b.Unsqueeze(1)).Squeeze(-1);

        int m = a.Shape[^2], k = a.Shape[^1], kb = b.Shape[^2], n = b.Shape[^1];
        if (k != kb)
            throw new ArgumentException(
                $"matmul: inner dimensions differ: {ShapeMath.Format(a.Shape)} @ {ShapeMath.Format(b.Shape)} ({k} vs {kb}).");
        int[] batch = ShapeMath.Broadcast(a.Shape[..^2], b.Shape[..^2], "matmul");
        Tensor y = Tensor.Empty(a.DType, [.. batch, m, n]);
        var aBatch = ShapeMath.BroadcastStrides(a.Shape[..^2], a.Strides[..^2], batch);
        var bBatch = ShapeMath.BroadcastStrides(b.Shape[..^2], b.Strides[..^2], batch);
        var yBatch = y.Strides[..batch.Length].ToArray();
        var layout = new StridedLayout(batch, aBatch, bBatch, yBatch);
        if (layout.RowCount > 0 && m > 0 && n > 0)
            DTypeDispatch.Float(a.DType, new ForwardBody(a, b, y, layout));
        return Node.ShouldRecord(a, b) ? Node.Record(y, new MatMulNode(a, b)) : y;
    }

    private sealed class MatMulNode(Tensor a, Tensor b) : Node(a, b)
    {
        private readonly SavedTensor _a = new(a), _b = new(b);

        public override string Name => "matmul";

        protected override Tensor?[] Backward(Tensor g) =>
        [
            NeedsGrad(0) ? MatMul(g, _b.Get(Name).Transpose(-1, -2)).SumTo(Inputs[0].Shape) : null,
            NeedsGrad(1) ? MatMul(_a.Get(Name).Transpose(-1, -2), g).SumTo(Inputs[1].Shape) : null,
        ];
    }

    // a: [..., m, k], b: [..., k, n] → y: [..., m, n]; layout walks the broadcast batch dims of the three
    private readonly struct ForwardBody(Tensor a, Tensor b, Tensor y, StridedLayout layout) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
            int rows = layout.RowCount, count = layout.RowLength;
            var offsets = new int[3 * rows];
            layout.RowOffsets([a.StorageOffset, b.StorageOffset, 0], offsets);
            int sa = layout.InnerStride(0), sb = layout.InnerStride(1), sy = layout.InnerStride(2);
            // Each row of the layout is one batched GEMM over its run of batch positions.
            for (int r = 0; r < rows; r++)
                Gemm.MultiplyBatched<T>(count, m, n, k,
                    a.Data<T>().AsSpan(offsets[r]), sa, a.Strides[^2], a.Strides[^1],
                    b.Data<T>().AsSpan(offsets[rows + r]), sb, b.Strides[^2], b.Strides[^1],
                    y.Data<T>().AsSpan(offsets[2 * rows + r]), sy, n, accumulate: false);
        }
    }
}
