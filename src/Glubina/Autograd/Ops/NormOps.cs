using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>Layer normalization as one primitive (F.layer_norm): the forward saves each row's mean and 1/σ, the
/// backward recomputes x̂ from them, so the whole op is two passes instead of the eight of a composed version.</summary>
internal static class NormOps
{
    // x: [..., *normalized], weight/bias: normalized → y: like x
    public static Tensor LayerNorm(Tensor x, int[] normalizedShape, Tensor? weight, Tensor? bias, double eps)
    {
        x.EnsureFloating("layer_norm");
        int k = normalizedShape.Length;
        if (k == 0 || x.Rank < k || !x.Shape[^k..].SequenceEqual(normalizedShape))
            throw new ArgumentException(
                $"layer_norm: the input's last dims must be {ShapeMath.Format(normalizedShape)}, got {ShapeMath.Format(x.Shape)}.");
        foreach (Tensor? p in new[] { weight, bias })
            if (p is not null && (p.DType != x.DType || !p.Shape.SequenceEqual(normalizedShape)))
                throw new ArgumentException(
                    $"layer_norm: weight and bias must be {x.DType.Name()} {ShapeMath.Format(normalizedShape)}, got {p.DType.Name()} {ShapeMath.Format(p.Shape)}.");
        if (weight is null && bias is not null)
            throw new ArgumentException("layer_norm: a bias without a weight is not supported; pass both or neither.");
        int d = ShapeMath.Numel(normalizedShape);
        Tensor xc = x.IsContiguous ? x : CopyOps.Contiguous(x.Detach());
        int rows = d == 0 ? 0 : xc.Numel / d;
        Tensor y = Tensor.Empty(x.DType, x.ShapeArray());
        Tensor mean = Tensor.Empty(x.DType, [rows]), rstd = Tensor.Empty(x.DType, [rows]);
        if (x.DType == DType.Float32)
            LayerNormKernel.Forward(xc.ContiguousSpan<float>(), Span<float>(weight), Span<float>(bias), (float)eps, d,
                y.ContiguousSpan<float>(), mean.ContiguousSpan<float>(), rstd.ContiguousSpan<float>());
        else
            LayerNormKernel.Forward(xc.ContiguousSpan<double>(), Span<double>(weight), Span<double>(bias), eps, d,
                y.ContiguousSpan<double>(), mean.ContiguousSpan<double>(), rstd.ContiguousSpan<double>());
        Tensor[] inputs = weight is null ? [x] : bias is null ? [x, weight] : [x, weight, bias];
        return Node.ShouldRecord(inputs) ? Node.Record(y, new LayerNormNode(inputs, xc, mean, rstd, d)) : y;
    }

    private static ReadOnlySpan<T> Span<T>(Tensor? t) where T : unmanaged =>
        t is null ? default : t.IsContiguous ? t.ContiguousSpan<T>() : t.Contiguous().ContiguousSpan<T>();

    private sealed class LayerNormNode(Tensor[] inputs, Tensor xc, Tensor mean, Tensor rstd, int d) : Node(inputs)
    {
        private readonly SavedTensor _x = new(xc), _mean = new(mean), _rstd = new(rstd);
        private readonly SavedTensor? _w = inputs.Length > 1 ? new(inputs[1]) : null;

        public override string Name => "layer_norm";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor x = _x.Get(Name), m = _mean.Get(Name), s = _rstd.Get(Name);
            Tensor? w = _w?.Get(Name);
            Tensor gc = g.IsContiguous ? g : CopyOps.Contiguous(g);
            var grads = new Tensor?[Inputs.Length];
            Tensor? dx = NeedsGrad(0) ? Tensor.Empty(x.DType, x.ShapeArray()) : null;
            Tensor? dw = Inputs.Length > 1 && NeedsGrad(1) ? Tensor.Zeros(Inputs[1].ShapeArray(), x.DType) : null;
            Tensor? db = Inputs.Length > 2 && NeedsGrad(2) ? Tensor.Zeros(Inputs[2].ShapeArray(), x.DType) : null;
            if (x.DType == DType.Float32)
                LayerNormKernel.Backward(x.ContiguousSpan<float>(), gc.ContiguousSpan<float>(), Span<float>(w), m.ContiguousSpan<float>(),
                    s.ContiguousSpan<float>(), d, Out<float>(dx), Out<float>(dw), Out<float>(db), 2 * d <= 1024 ? stackalloc float[2 * d] : new float[2 * d]);
            else
                LayerNormKernel.Backward(x.ContiguousSpan<double>(), gc.ContiguousSpan<double>(), Span<double>(w), m.ContiguousSpan<double>(),
                    s.ContiguousSpan<double>(), d, Out<double>(dx), Out<double>(dw), Out<double>(db), 2 * d <= 512 ? stackalloc double[2 * d] : new double[2 * d]);
            grads[0] = dx;
            if (grads.Length > 1)
                grads[1] = dw;
            if (grads.Length > 2)
                grads[2] = db;
            return grads;
        }

        private static Span<T> Out<T>(Tensor? t) where T : unmanaged => t is null ? default : t.ContiguousSpan<T>();
    }
}
