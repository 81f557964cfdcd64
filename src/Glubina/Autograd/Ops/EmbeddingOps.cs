using System.Numerics;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>Row lookup (torch.nn.functional.embedding): forward copies rows, backward scatter-adds the output's
/// gradient rows into a zero [num, dim] gradient, skipping the padding row.</summary>
internal static class EmbeddingOps
{
    // idx: [n] (checked by Tensor.EmbeddingIndices) of an index tensor of indexShape, weight: [num, dim] → y: [...indexShape, dim]
    public static Tensor Embedding(Tensor weight, long[] idx, ReadOnlySpan<int> indexShape, long? paddingIdx)
    {
        int dim = weight.Size(1);
        Tensor w = weight.Detach().Contiguous();
        Tensor y = Tensor.Empty(weight.DType, [.. indexShape, dim]);
        if (weight.DType == DType.Float32)
            Gather<float>(w, idx, dim, y);
        else
            Gather<double>(w, idx, dim, y);
        return Node.ShouldRecord(weight) ? Node.Record(y, new EmbeddingNode(weight, idx, paddingIdx)) : y;
    }

    // w: [num, dim], idx: [n] → y: [n, dim]
    private static void Gather<T>(Tensor w, long[] idx, int dim, Tensor y)
    {
        ReadOnlySpan<T> src = w.ContiguousSpan<T>();
        Span<T> dst = y.ContiguousSpan<T>();
        for (int p = 0; p < idx.Length; p++)
            src.Slice((int)idx[p] * dim, dim).CopyTo(dst.Slice(p * dim, dim));
    }

    private sealed class EmbeddingNode(Tensor weight, long[] idx, long? paddingIdx) : Node(weight)
    {
        private readonly int _num = weight.Size(0), _dim = weight.Size(1);

        public override string Name => "embedding";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor gw = Tensor.Zeros([_num, _dim], g.DType);
            Tensor gc = g.Contiguous();
            if (g.DType == DType.Float32)
                ScatterAdd<float>(gc, gw);
            else
                ScatterAdd<double>(gc, gw);
            return [gw];
        }

        // g: [n, dim] → gw: [num, dim] (rows added at idx, padding row left zero)
        private void ScatterAdd<T>(Tensor g, Tensor gw) where T : unmanaged, INumberBase<T>, IAdditionOperators<T, T, T>
        {
            ReadOnlySpan<T> src = g.ContiguousSpan<T>();
            Span<T> dst = gw.ContiguousSpan<T>();
            for (int p = 0; p < idx.Length; p++)
            {
                if (idx[p] == paddingIdx)
                    continue;
                Span<T> row = dst.Slice((int)idx[p] * _dim, _dim);
                System.Numerics.Tensors.TensorPrimitives.Add<T>(row, src.Slice(p * _dim, _dim), row);
            }
        }
    }
}
