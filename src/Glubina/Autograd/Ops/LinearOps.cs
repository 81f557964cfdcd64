using System.Numerics;
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
        int[] outShape = [.. x.Shape[..^1], outFeatures];
        Tensor y = Tensor.Empty(x.DType, outShape, clear: bias is null);
        DTypeDispatch.Float(x.DType, new ForwardBody(x2, weight, bias?.Contiguous(), y));
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        return Node.ShouldRecord(inputs) ? Node.Record(y, new LinearNode(inputs)) : y;
    }

    // x: [rows, in] (unit column stride), weight: [out, in], bias: [out] → y: [rows, out] (zero when there is no bias)
    private readonly struct ForwardBody(Tensor x, Tensor weight, Tensor? bias, Tensor y) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int rows = x.Size(0), outFeatures = weight.Size(0);
            Span<T> dst = y.ContiguousSpan<T>();
            if (bias is not null)
            {
                ReadOnlySpan<T> b = bias.ContiguousSpan<T>();
                for (int r = 0; r < rows; r++)
                    b.CopyTo(dst.Slice(r * outFeatures, outFeatures));
            }
            Gemm.Multiply<T>(rows, outFeatures, weight.Size(1),
                x.Data<T>().AsSpan(x.StorageOffset), x.Strides[0], x.Strides[1],
                weight.Data<T>().AsSpan(weight.StorageOffset), weight.Strides[1], weight.Strides[0],
                dst, outFeatures, accumulate: true);
        }
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
