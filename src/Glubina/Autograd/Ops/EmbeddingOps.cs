using System.Numerics;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>Row lookup (torch.nn.functional.embedding): forward copies rows, backward scatter-adds the output's
/// gradient rows into a zero [num, dim] gradient, skipping the padding row.</summary>
internal static class EmbeddingOps
{
    // indices: int64 [...], weight: [num, dim] → y: [..., dim]
    public static Tensor Embedding(Tensor indices, Tensor weight, long? paddingIdx, string layer)
    {
        weight.EnsureFloating(layer);
        if (indices.DType != DType.Int64)
            throw new ArgumentException($"{layer}: indices must be int64, got {indices.DType.Name()} {ShapeMath.Format(indices.Shape)}.");
        if (weight.Rank != 2)
            throw new ArgumentException($"{layer}: weight must be [num_embeddings, embedding_dim], got {ShapeMath.Format(weight.Shape)}.");
        int num = weight.Size(0), dim = weight.Size(1);
        long[] idx = indices.Contiguous().ContiguousSpan<long>().ToArray();
        for (int p = 0; p < idx.Length; p++)
            if (idx[p] < 0 || idx[p] >= num)
                throw new IndexOutOfRangeException(
                    $"{layer}: index {idx[p]} at position {Position(indices.Shape, p)} of the input {ShapeMath.Format(indices.Shape)} " +
                    $"is out of range for num_embeddings = {num} (valid: 0..{num - 1}).");
        Tensor w = weight.Detach().Contiguous();
        Tensor y = Tensor.Empty(weight.DType, [.. indices.Shape, dim]);
        if (weight.DType == DType.Float32)
            Gather<float>(w, idx, dim, y);
        else
            Gather<double>(w, idx, dim, y);
        return Node.ShouldRecord(weight) ? Node.Record(y, new EmbeddingNode(weight, idx, paddingIdx)) : y;
    }

    private static string Position(ReadOnlySpan<int> shape, int flat)
    {
        var pos = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            pos[d] = flat % shape[d];
            flat /= shape[d];
        }
        return "[" + string.Join(", ", pos) + "]";
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
