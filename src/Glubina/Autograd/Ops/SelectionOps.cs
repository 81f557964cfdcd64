using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>Comparisons (bool masks, no gradient) and <c>where</c>, which routes the gradient by the mask.</summary>
internal static class SelectionOps
{
    public enum Comparison { Eq, Ne, Lt, Le, Gt, Ge }

    public static Tensor Compare(Tensor a, Tensor b, Comparison kind)
    {
        string name = kind.ToString().ToLowerInvariant();
        if (a.DType != b.DType)
            throw new ArgumentException($"{name}: dtypes differ ({a.DType.Name()} and {b.DType.Name()}).");
        int[] shape = ShapeMath.Broadcast(a.Shape, b.Shape, name);
        Tensor y = Tensor.Empty(DType.Bool, shape);
        var layout = new StridedLayout(shape,
            ShapeMath.BroadcastStrides(a.Shape, a.Strides, shape),
            ShapeMath.BroadcastStrides(b.Shape, b.Strides, shape),
            y.Strides.ToArray());
        int[] offsets = [a.StorageOffset, b.StorageOffset, 0];
        if (a.DType == DType.Bool && kind is not (Comparison.Eq or Comparison.Ne))
            throw new ArgumentException($"{name}: bool tensors support only eq and ne.");
        DTypeDispatch.Any(a.DType, new CompareBody(a, b, y, offsets, layout, kind));
        return y;
    }

    private readonly struct CompareBody(Tensor a, Tensor b, Tensor y, int[] offsets, StridedLayout layout, Comparison kind) : IElementBody
    {
        public void Run<T>() where T : unmanaged =>
            Elementwise.Map2<T, T, bool>(a.Data<T>(), b.Data<T>(), y.Data<bool>(), offsets, layout, Predicate<T>(kind));
    }

    // Comparer<T>.Default is resolved by the JIT for each element type (no virtual call per element).
    private static Func<T, T, bool> Predicate<T>(Comparison kind) => kind switch
    {
        Comparison.Eq => (p, q) => Comparer<T>.Default.Compare(p, q) == 0 && !IsNaN(p),
        Comparison.Ne => (p, q) => Comparer<T>.Default.Compare(p, q) != 0 || IsNaN(p),
        Comparison.Lt => (p, q) => Comparer<T>.Default.Compare(p, q) < 0 && !IsNaN(p) && !IsNaN(q),
        Comparison.Le => (p, q) => Comparer<T>.Default.Compare(p, q) <= 0 && !IsNaN(p) && !IsNaN(q),
        Comparison.Gt => (p, q) => Comparer<T>.Default.Compare(p, q) > 0 && !IsNaN(p) && !IsNaN(q),
        _ => (p, q) => Comparer<T>.Default.Compare(p, q) >= 0 && !IsNaN(p) && !IsNaN(q),
    };

    // IComparable orders NaN first; IEEE comparisons with NaN are false.
    private static bool IsNaN<T>(T v) => v is float f ? float.IsNaN(f) : v is double d && double.IsNaN(d);

    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        if (condition.DType != DType.Bool)
            throw new ArgumentException($"where: the condition must be a bool tensor, got {condition.DType.Name()}.");
        if (a.DType != b.DType)
            throw new ArgumentException($"where: dtypes differ ({a.DType.Name()} and {b.DType.Name()}).");
        int[] shape = ShapeMath.Broadcast(ShapeMath.Broadcast(condition.Shape, a.Shape, "where"), b.Shape, "where");
        Tensor y = Tensor.Empty(a.DType, shape);
        var layout = new StridedLayout(shape,
            ShapeMath.BroadcastStrides(condition.Shape, condition.Strides, shape),
            ShapeMath.BroadcastStrides(a.Shape, a.Strides, shape),
            ShapeMath.BroadcastStrides(b.Shape, b.Strides, shape),
            y.Strides.ToArray());
        int[] offsets = [condition.StorageOffset, a.StorageOffset, b.StorageOffset, 0];
        DTypeDispatch.Any(a.DType, new WhereBody(condition, a, b, y, offsets, layout));
        return Node.ShouldRecord(a, b) ? Node.Record(y, new WhereNode(condition, a, b)) : y;
    }

    private readonly struct WhereBody(Tensor condition, Tensor a, Tensor b, Tensor y, int[] offsets, StridedLayout layout) : IElementBody
    {
        public void Run<T>() where T : unmanaged =>
            Elementwise.Map3<bool, T, T, T>(condition.Data<bool>(), a.Data<T>(), b.Data<T>(), y.Data<T>(), offsets, layout, (m, p, q) => m ? p : q);
    }

    private sealed class WhereNode(Tensor condition, Tensor a, Tensor b) : Node(condition, a, b)
    {
        private readonly SavedTensor _condition = new(condition);

        public override string Name => "where";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor c = _condition.Get(Name);
            Tensor zero = Tensor.Scalar(0, g.DType);
            return
            [
                null,
                NeedsGrad(1) ? Where(c, g, zero).SumTo(Inputs[1].Shape) : null,
                NeedsGrad(2) ? Where(c, zero, g).SumTo(Inputs[2].Shape) : null,
            ];
        }
    }
}
