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
        DTypeDispatch.Float(x.DType, new ForwardBody<TOp>(op, xc, y));
        return Node.ShouldRecord(x) ? Node.Record(y, new UnaryNode<TOp>(x, xc, y, op)) : y;
    }

    private readonly struct ForwardBody<TOp>(TOp op, Tensor x, Tensor y) : IFloatBody where TOp : struct, IUnaryKernel
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T> => op.Forward(x.ContiguousSpan<T>(), y.ContiguousSpan<T>());
    }

    private readonly struct BackwardBody<TOp>(TOp op, Tensor x, Tensor y, Tensor dy, Tensor dx) : IFloatBody where TOp : struct, IUnaryKernel
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
            op.Backward(x.ContiguousSpan<T>(), y.ContiguousSpan<T>(), dy.ContiguousSpan<T>(), dx.ContiguousSpan<T>());
    }

    private sealed class UnaryNode<TOp>(Tensor x, Tensor xc, Tensor y, TOp op) : Node(x) where TOp : struct, IUnaryKernel
    {
        private readonly SavedTensor _x = new(xc);
        private readonly SavedTensor _y = new(y);

        public override string Name => op.Name;

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor xs = _x.Get(Name), ys = _y.Get(Name);
            Tensor dx = Tensor.Empty(xs.DType, xs.ShapeArray());
            DTypeDispatch.Float(xs.DType, new BackwardBody<TOp>(op, xs, ys, g.Contiguous(), dx));
            return [dx];
        }
    }
}
