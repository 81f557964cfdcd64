using System.Numerics;
using System.Numerics.Tensors;
using Glubina.Tensors;
using Tensor = Glubina.Tensors.Tensor;

namespace Glubina.Autograd.Ops;

/// <summary>Row lookup (torch.nn.functional.embedding): forward copies rows, backward scatter-adds the output's
/// gradient rows into a zero [num, dim] gradient, skipping the padding row.</summary>
internal static class EmbeddingOps
{
    // idx: [n] (checked by Tensor.CheckEmbeddingIndices) of an index tensor of indexShape, weight: [num, dim] → y: [...indexShape, dim]
    public static Tensor Embedding(Tensor weight, long[] idx, ReadOnlySpan<int> indexShape, long? paddingIdx)
    {
        Tensor y = Tensor.Empty(weight.DType, [.. indexShape, weight.Size(1)]);
        DTypeDispatch.Float(weight.DType, new GatherBody(weight.Detach().Contiguous(), idx, y));
        return Node.ShouldRecord(weight) ? Node.Record(y, new EmbeddingNode(weight, idx, paddingIdx)) : y;
    }

    // w: [num, dim], idx: [n] → y: [n, dim]
    private readonly struct GatherBody(Tensor w, long[] idx, Tensor y) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int dim = w.Size(1);
            ReadOnlySpan<T> src = w.ContiguousSpan<T>();
            Span<T> dst = y.ContiguousSpan<T>();
            for (int p = 0; p < idx.Length; p++)
                src.Slice((int)idx[p] * dim, dim).CopyTo(dst.Slice(p * dim, dim));
        }
    }

    // g: [n, dim] → gw: [num, dim] (rows added at idx, padding row left zero)
    private readonly struct ScatterAddBody(Tensor g, long[] idx, long? paddingIdx, Tensor gw) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int dim = gw.Size(1);
            ReadOnlySpan<T> src = g.ContiguousSpan<T>();
            Span<T> dst = gw.ContiguousSpan<T>();
            for (int p = 0; p < idx.Length; p++)
            {
                if (idx[p] == paddingIdx)
                    continue;
                Span<T> row = dst.Slice((int)idx[p] * dim, dim);
                TensorPrimitives.Add<T>(row, src.Slice(p * dim, dim), row);
            }
        }
    }

    private sealed class EmbeddingNode(Tensor weight, long[] idx, long? paddingIdx) : Node(weight)
    {
        private readonly int[] _shape = weight.ShapeArray();

        public override string Name => "embedding";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor gw = Tensor.Zeros(_shape, g.DType);
            DTypeDispatch.Float(g.DType, new ScatterAddBody(g.Contiguous(), idx, paddingIdx, gw));
            return [gw];
        }
    }
}
