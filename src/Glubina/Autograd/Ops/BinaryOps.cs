using System.Numerics;
using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>Broadcasting binary arithmetic: forward through <see cref="IBinaryKernel"/>s, backward reduced back
/// to each input's shape (the sums that broadcasting implies).</summary>
internal static class BinaryOps
{
    public static Tensor Forward<TOp>(Tensor a, Tensor b, TOp op, string name) where TOp : struct, IBinaryKernel
    {
        a.ThrowIfDisposed();
        b.ThrowIfDisposed();
        a.EnsureFloating(name);
        if (a.DType != b.DType)
            throw new ArgumentException(
                $"{name}: dtypes differ: {a.DType.Name()} {ShapeMath.Format(a.Shape)} and {b.DType.Name()} {ShapeMath.Format(b.Shape)}; " +
                "convert one with To(dtype).");
        int[] shape = ShapeMath.SameShape(a.Shape, b.Shape) ? a.ShapeArray() : ShapeMath.Broadcast(a.Shape, b.Shape, name);
        Tensor y = Tensor.Empty(a.DType, shape);
        DTypeDispatch.Float(a.DType, new ForwardBody<TOp>(op, a, b, y));
        return y;
    }

    private readonly struct ForwardBody<TOp>(TOp op, Tensor a, Tensor b, Tensor y) : IFloatBody where TOp : struct, IBinaryKernel
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (a.IsContiguous && b.IsContiguous && ShapeMath.SameShape(a.Shape, b.Shape))
            {
                op.Apply<T>(a.ContiguousSpan<T>(), b.ContiguousSpan<T>(), y.ContiguousSpan<T>());
                return;
            }
            var layout = new StridedLayout(y.Shape,
                ShapeMath.BroadcastStrides(a.Shape, a.Strides, y.Shape),
                ShapeMath.BroadcastStrides(b.Shape, b.Strides, y.Shape),
                y.Strides.ToArray());
            Elementwise.Binary<T, TOp>(op, a.Data<T>(), a.StorageOffset, b.Data<T>(), b.StorageOffset, layout, y.Data<T>(), 0);
        }
    }

    public static Tensor Add(Tensor a, Tensor b)
    {
        Tensor y = Forward(a, b, new AddKernel(), "add");
        return Node.ShouldRecord(a, b) ? Node.Record(y, new AddNode(a, b, 1)) : y;
    }

    public static Tensor Sub(Tensor a, Tensor b)
    {
        Tensor y = Forward(a, b, new SubKernel(), "sub");
        return Node.ShouldRecord(a, b) ? Node.Record(y, new AddNode(a, b, -1)) : y;
    }

    public static Tensor Mul(Tensor a, Tensor b)
    {
        Tensor y = Forward(a, b, new MulKernel(), "mul");
        return Node.ShouldRecord(a, b) ? Node.Record(y, new MulNode(a, b)) : y;
    }

    public static Tensor Div(Tensor a, Tensor b)
    {
        Tensor y = Forward(a, b, new DivKernel(), "div");
        return Node.ShouldRecord(a, b) ? Node.Record(y, new DivNode(a, b, y)) : y;
    }

    public static Tensor Pow(Tensor a, Tensor b)
    {
        Tensor y = Forward(a, b, new PowKernel(), "pow");
        return Node.ShouldRecord(a, b) ? Node.Record(y, new PowNode(a, b, y)) : y;
    }

    public static Tensor Minimum(Tensor a, Tensor b)
    {
        Tensor y = Forward(a, b, new MinimumKernel(), "minimum");
        return Node.ShouldRecord(a, b) ? Node.Record(y, new MinMaxNode(a, b, isMax: false)) : y;
    }

    public static Tensor Maximum(Tensor a, Tensor b)
    {
        Tensor y = Forward(a, b, new MaximumKernel(), "maximum");
        return Node.ShouldRecord(a, b) ? Node.Record(y, new MinMaxNode(a, b, isMax: true)) : y;
    }

    private sealed class AddNode(Tensor a, Tensor b, double sign) : Node(a, b)
    {
        private readonly int[] _aShape = a.ShapeArray(), _bShape = b.ShapeArray();

        public override string Name => sign > 0 ? "add" : "sub";

        protected override Tensor?[] Backward(Tensor g) =>
        [
            NeedsGrad(0) ? g.SumTo(_aShape) : null,
            NeedsGrad(1) ? (sign > 0 ? g : g.Neg()).SumTo(_bShape) : null,
        ];
    }

    private sealed class MulNode(Tensor a, Tensor b) : Node(a, b)
    {
        private readonly SavedTensor _a = new(a), _b = new(b);

        public override string Name => "mul";

        protected override Tensor?[] Backward(Tensor g) =>
        [
            NeedsGrad(0) ? g.Mul(_b.Get(Name)).SumTo(Inputs[0].Shape) : null,
            NeedsGrad(1) ? g.Mul(_a.Get(Name)).SumTo(Inputs[1].Shape) : null,
        ];
    }

    private sealed class DivNode(Tensor a, Tensor b, Tensor y) : Node(a, b)
    {
        private readonly SavedTensor _b = new(b), _y = new(y);

        public override string Name => "div";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor gOverB = g.Div(_b.Get(Name));
            return
            [
                NeedsGrad(0) ? gOverB.SumTo(Inputs[0].Shape) : null,
                NeedsGrad(1) ? gOverB.Mul(_y.Get(Name)).Neg().SumTo(Inputs[1].Shape) : null,
            ];
        }
    }

    private sealed class PowNode(Tensor a, Tensor b, Tensor y) : Node(a, b)
    {
        private readonly SavedTensor _a = new(a), _b = new(b), _y = new(y);

        public override string Name => "pow";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor av = _a.Get(Name), bv = _b.Get(Name);
            return
            [
                NeedsGrad(0) ? g.Mul(bv).Mul(av.Pow(bv.Sub(1.0))).SumTo(Inputs[0].Shape) : null,
                NeedsGrad(1) ? g.Mul(_y.Get(Name)).Mul(av.Log()).SumTo(Inputs[1].Shape) : null,
            ];
        }
    }

    private sealed class MinMaxNode(Tensor a, Tensor b, bool isMax) : Node(a, b)
    {
        private readonly SavedTensor _a = new(a), _b = new(b);

        public override string Name => isMax ? "maximum" : "minimum";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor av = _a.Get(Name), bv = _b.Get(Name);
            // Share of the gradient that goes to a: 1 where a wins, 1/2 on ties, 0 where b wins.
            Tensor wins = (isMax ? av.Gt(bv) : av.Lt(bv)).To(g.DType);
            Tensor ties = av.Eq(bv).To(g.DType).Mul(0.5);
            Tensor shareA = wins.Add(ties);
            return
            [
                NeedsGrad(0) ? g.Mul(shareA).SumTo(Inputs[0].Shape) : null,
                NeedsGrad(1) ? g.Mul(shareA.Neg().Add(1.0)).SumTo(Inputs[1].Shape) : null,
            ];
        }
    }
}
