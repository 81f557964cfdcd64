using System.Numerics;
using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>Runs a pointwise <see cref="IUnaryKernel"/> forward and records its backward.</summary>
internal static class UnaryOp
{
    public static Tensor Apply<TOp>(Tensor x, TOp op) where TOp : struct, IUnaryKernel
    {
        x.ThrowIfDisposed();
        x.EnsureFloating(op.Name);
        Tensor xc = x.IsContiguous ? x : CopyOps.RawCopy(x);
        Tensor y = Tensor.Empty(x.DType, x.ShapeArray());
        if (x.DType == DType.Float32)
            op.Forward(xc.ContiguousSpan<float>(), y.ContiguousSpan<float>());
        else
            op.Forward(xc.ContiguousSpan<double>(), y.ContiguousSpan<double>());
        return Node.ShouldRecord(x) ? Node.Record(y, new UnaryNode<TOp>(x, xc, y, op)) : y;
    }

    private sealed class UnaryNode<TOp>(Tensor x, Tensor xc, Tensor y, TOp op) : Node(x) where TOp : struct, IUnaryKernel
    {
        private readonly SavedTensor _x = new(xc);
        private readonly SavedTensor _y = new(y);

        public override string Name => op.Name;

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor xs = _x.Get(Name), ys = _y.Get(Name), gc = g.Contiguous();
            Tensor dx = Tensor.Empty(xs.DType, xs.ShapeArray());
            if (xs.DType == DType.Float32)
                Run<float>(xs, ys, gc, dx);
            else
                Run<double>(xs, ys, gc, dx);
            return [dx];
        }

        private void Run<T>(Tensor xs, Tensor ys, Tensor gc, Tensor dx) where T : unmanaged, IFloatingPointIeee754<T> =>
            op.Backward(xs.ContiguousSpan<T>(), ys.ContiguousSpan<T>(), gc.ContiguousSpan<T>(), dx.ContiguousSpan<T>());
    }
}
