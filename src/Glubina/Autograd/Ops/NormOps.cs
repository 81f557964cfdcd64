using System.Numerics;
using System.Runtime.CompilerServices;
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
        DTypeDispatch.Float(x.DType, new ForwardBody(xc, weight, bias, eps, d, y, mean, rstd));
        Tensor[] inputs = weight is null ? [x] : bias is null ? [x, weight] : [x, weight, bias];
        return Node.ShouldRecord(inputs) ? Node.Record(y, new LayerNormNode(inputs, xc, mean, rstd, d)) : y;
    }

    private static ReadOnlySpan<T> Span<T>(Tensor? t) where T : unmanaged =>
        t is null ? default : t.IsContiguous ? t.ContiguousSpan<T>() : t.Contiguous().ContiguousSpan<T>();

    private static Span<T> Out<T>(Tensor? t) where T : unmanaged => t is null ? default : t.ContiguousSpan<T>();

    // x: [rows, d] contiguous, weight/bias: [d] or null → y: [rows, d], mean, rstd: [rows]
    private readonly struct ForwardBody(Tensor x, Tensor? weight, Tensor? bias, double eps, int d, Tensor y, Tensor mean, Tensor rstd)
        : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
            LayerNormKernel.Forward(x.ContiguousSpan<T>(), Span<T>(weight), Span<T>(bias), T.CreateChecked(eps), d,
                y.ContiguousSpan<T>(), mean.ContiguousSpan<T>(), rstd.ContiguousSpan<T>());
    }

    // x, dy: [rows, d], weight: [d] or null, mean, rstd: [rows] → dx: [rows, d], dw, db: [d] (each null when not wanted)
    private readonly struct BackwardBody(Tensor x, Tensor dy, Tensor? weight, Tensor mean, Tensor rstd, int d, Tensor? dx, Tensor? dw,
        Tensor? db) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            // Scratch of two rows; on the stack when it is small (1024 floats or 512 doubles).
            int scratch = 2 * d;
            Span<T> buffer = scratch * Unsafe.SizeOf<T>() <= 4096 ? stackalloc T[scratch] : new T[scratch];
            LayerNormKernel.Backward(x.ContiguousSpan<T>(), dy.ContiguousSpan<T>(), Span<T>(weight), mean.ContiguousSpan<T>(),
                rstd.ContiguousSpan<T>(), d, Out<T>(dx), Out<T>(dw), Out<T>(db), buffer);
        }
    }

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
            DTypeDispatch.Float(x.DType, new BackwardBody(x, gc, w, m, s, d, dx, dw, db));
            grads[0] = dx;
            if (grads.Length > 1)
                grads[1] = dw;
            if (grads.Length > 2)
                grads[2] = db;
            return grads;
        }
    }
}
