using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>y = x·Wᵀ + b (torch.nn.functional.linear) with the bias fused into the GEMM: the output starts as
/// the broadcast bias and the product accumulates onto it, saving a pass over y.</summary>
internal static class LinearOps
{
    // x: [..., in], weight: [out, in], bias: [out] → y: [..., out]
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        x.EnsureFloating("linear");
        if (weight.Rank != 2 || x.Rank == 0 || x.Shape[^1] != weight.Size(1))
            throw new ArgumentException(
                $"linear: input {ShapeMath.Format(x.Shape)} does not match weight {ShapeMath.Format(weight.Shape)} " +
                $"(expected weight [out_features, {(x.Rank == 0 ? "?" : x.Shape[^1].ToString())}]).");
        if (weight.DType != x.DType || (bias is not null && bias.DType != x.DType))
            throw new ArgumentException("linear: input, weight and bias must have the same dtype.");
        int outFeatures = weight.Size(0), inFeatures = weight.Size(1);
        if (bias is not null && (bias.Rank != 1 || bias.Size(0) != outFeatures))
            throw new ArgumentException(
                $"linear: bias must be [{outFeatures}], got {ShapeMath.Format(bias.Shape)}.");
        Tensor x2 = x.Rank == 2 && x.Strides[1] == 1 ? x : CopyOps.Contiguous(x.Detach()).Reshape(-1, inFeatures);
        int rows = x2.Size(0);
        int[] outShape = [.. x.Shape[..^1], outFeatures];
        Tensor y = Tensor.Empty(x.DType, outShape, clear: bias is null);
        if (bias is not null)
        {
            Tensor bc = bias.Contiguous();
            if (x.DType == DType.Float32)
                RepeatRows<float>(bc, y, rows);
            else
                RepeatRows<double>(bc, y, rows);
        }
        if (x.DType == DType.Float32)
            Gemm.Sgemm(rows, outFeatures, inFeatures,
                x2.Data<float>().AsSpan(x2.StorageOffset), x2.Strides[0], x2.Strides[1],
                weight.Data<float>().AsSpan(weight.StorageOffset), weight.Strides[1], weight.Strides[0],
                y.Data<float>(), outFeatures, accumulate: true);
        else
            Gemm.Dgemm(rows, outFeatures, inFeatures,
                x2.Data<double>().AsSpan(x2.StorageOffset), x2.Strides[0], x2.Strides[1],
                weight.Data<double>().AsSpan(weight.StorageOffset), weight.Strides[1], weight.Strides[0],
                y.Data<double>(), outFeatures, accumulate: true);
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        return Node.ShouldRecord(inputs) ? Node.Record(y, new LinearNode(inputs)) : y;
    }

    private static void RepeatRows<T>(Tensor row, Tensor y, int rows)
    {
        ReadOnlySpan<T> src = row.ContiguousSpan<T>();
        Span<T> dst = y.ContiguousSpan<T>();
        for (int r = 0; r < rows; r++)
            src.CopyTo(dst.Slice(r * src.Length, src.Length));
    }

    private sealed class LinearNode(Tensor[] inputs) : Node(inputs)
    {
        private readonly SavedTensor _x = new(inputs[0]), _w = new(inputs[1]);

        public override string Name => "linear";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor x = _x.Get(Name), w = _w.Get(Name);
            int outFeatures = w.Size(0);
            Tensor g2 = g.Reshape(-1, outFeatures);
            var grads = new Tensor?[Inputs.Length];
            if (NeedsGrad(0))
                grads[0] = g2.MatMul(w).Reshape(x.ShapeArray());                   // dx = g·W
            if (NeedsGrad(1))
                grads[1] = g2.T.MatMul(x.Reshape(-1, w.Size(1)));                   // dW = gᵀ·x
            if (Inputs.Length > 2 && NeedsGrad(2))
                grads[2] = g2.Sum(0);                                             // db = Σ rows of g
            return grads;
        }
    }
}
