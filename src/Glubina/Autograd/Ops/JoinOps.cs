using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>Concatenation along a dim; its backward narrows the gradient back into pieces.</summary>
internal static class JoinOps
{
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim)
    {
        if (tensors.Count == 0)
            throw new ArgumentException("cat: expected at least one tensor.");
        Tensor first = tensors[0];
        int d = ShapeMath.NormalizeDim(dim, first.Rank, "cat");
        var shape = first.ShapeArray();
        int total = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            Tensor t = tensors[i];
            if (t.DType != first.DType)
                throw new ArgumentException($"cat: tensor {i} is {t.DType.Name()}, tensor 0 is {first.DType.Name()}.");
            if (t.Rank != first.Rank)
                throw new ArgumentException(
                    $"cat: tensor {i} has shape {ShapeMath.Format(t.Shape)}, rank {t.Rank}; tensor 0 has rank {first.Rank}.");
            for (int k = 0; k < t.Rank; k++)
                if (k != d && t.Shape[k] != shape[k])
                    throw new ArgumentException(
                        $"cat: tensor {i} has shape {ShapeMath.Format(t.Shape)}, expected {ShapeMath.Format(shape)} in every dim but {d} (dim {k} differs).");
            total += t.Shape[d];
        }
        shape[d] = total;
        Tensor y = Tensor.Empty(first.DType, shape);
        int offset = 0;
        foreach (Tensor t in tensors)
        {
            ViewOps.CopyInto(t, y.Detach().Narrow(d, offset, t.Shape[d]));
            offset += t.Shape[d];
        }
        var inputs = tensors.ToArray();
        return Node.ShouldRecord(inputs) ? Node.Record(y, new CatNode(inputs, d)) : y;
    }

    private sealed class CatNode(Tensor[] inputs, int dim) : Node(inputs)
    {
        public override string Name => "cat";

        protected override Tensor?[] Backward(Tensor g)
        {
            var grads = new Tensor?[Inputs.Length];
            int offset = 0;
            for (int i = 0; i < grads.Length; i++)
            {
                int size = Inputs[i].Shape[dim];
                if (NeedsGrad(i))
                    grads[i] = g.Narrow(dim, offset, size);
                offset += size;
            }
            return grads;
        }
    }
}
