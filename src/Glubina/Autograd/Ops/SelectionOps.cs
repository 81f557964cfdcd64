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
        int[] shape = ShapeMath.Broadcast(a._shape, b._shape, name);
        Tensor y = Tensor.Empty(DType.Bool, shape);
        var layout = new StridedLayout(shape,
            ShapeMath.BroadcastStrides(a._shape, a._strides, shape),
            ShapeMath.BroadcastStrides(b._shape, b._strides, shape),
            y._strides);
        int[] offsets = [a._offset, b._offset, 0];
        switch (a.DType)
        {
            case DType.Float32: Elementwise.Map2<float, float, bool>(a.Data<float>(), b.Data<float>(), y.Data<bool>(), offsets, layout, Predicate<float>(kind)); break;
            case DType.Float64: Elementwise.Map2<double, double, bool>(a.Data<double>(), b.Data<double>(), y.Data<bool>(), offsets, layout, Predicate<double>(kind)); break;
            case DType.Int64: Elementwise.Map2<long, long, bool>(a.Data<long>(), b.Data<long>(), y.Data<bool>(), offsets, layout, Predicate<long>(kind)); break;
            case DType.Bool:
                if (kind is not (Comparison.Eq or Comparison.Ne))
                    throw new ArgumentException($"{name}: bool tensors support only eq and ne.");
                Elementwise.Map2<bool, bool, bool>(a.Data<bool>(), b.Data<bool>(), y.Data<bool>(), offsets, layout,
                    kind == Comparison.Eq ? (p, q) => p == q : (p, q) => p != q);
                break;
        }
        return y;
    }

    private static Func<T, T, bool> Predicate<T>(Comparison kind) where T : IComparable<T> => kind switch
    {
        Comparison.Eq => (p, q) => p.CompareTo(q) == 0 && !IsNaN(p),
        Comparison.Ne => (p, q) => p.CompareTo(q) != 0 || IsNaN(p),
        Comparison.Lt => (p, q) => p.CompareTo(q) < 0 && !IsNaN(p) && !IsNaN(q),
        Comparison.Le => (p, q) => p.CompareTo(q) <= 0 && !IsNaN(p) && !IsNaN(q),
        Comparison.Gt => (p, q) => p.CompareTo(q) > 0 && !IsNaN(p) && !IsNaN(q),
        _ => (p, q) => p.CompareTo(q) >= 0 && !IsNaN(p) && !IsNaN(q),
    };

    // IComparable orders NaN first; IEEE comparisons with NaN are false.
    private static bool IsNaN<T>(T v) => v is float f ? float.IsNaN(f) : v is double d && double.IsNaN(d);

    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        if (condition.DType != DType.Bool)
            throw new ArgumentException($"where: the condition must be a bool tensor, got {condition.DType.Name()}.");
        if (a.DType != b.DType)
            throw new ArgumentException($"where: dtypes differ ({a.DType.Name()} and {b.DType.Name()}).");
        int[] shape = ShapeMath.Broadcast(ShapeMath.Broadcast(condition._shape, a._shape, "where"), b._shape, "where");
        Tensor y = Tensor.Empty(a.DType, shape);
        var layout = new StridedLayout(shape,
            ShapeMath.BroadcastStrides(condition._shape, condition._strides, shape),
            ShapeMath.BroadcastStrides(a._shape, a._strides, shape),
            ShapeMath.BroadcastStrides(b._shape, b._strides, shape),
            y._strides);
        int[] offsets = [condition._offset, a._offset, b._offset, 0];
        bool[] c = condition.Data<bool>();
        switch (a.DType)
        {
            case DType.Float32: Elementwise.Map3<bool, float, float, float>(c, a.Data<float>(), b.Data<float>(), y.Data<float>(), offsets, layout, (m, p, q) => m ? p : q); break;
            case DType.Float64: Elementwise.Map3<bool, double, double, double>(c, a.Data<double>(), b.Data<double>(), y.Data<double>(), offsets, layout, (m, p, q) => m ? p : q); break;
            case DType.Int64: Elementwise.Map3<bool, long, long, long>(c, a.Data<long>(), b.Data<long>(), y.Data<long>(), offsets, layout, (m, p, q) => m ? p : q); break;
            case DType.Bool: Elementwise.Map3<bool, bool, bool, bool>(c, a.Data<bool>(), b.Data<bool>(), y.Data<bool>(), offsets, layout, (m, p, q) => m ? p : q); break;
        }
        return Node.ShouldRecord(a, b) ? Node.Record(y, new WhereNode(condition, a, b)) : y;
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
                NeedsGrad(1) ? Where(c, g, zero).SumTo(Inputs[1]._shape) : null,
                NeedsGrad(2) ? Where(c, zero, g).SumTo(Inputs[2]._shape) : null,
            ];
        }
    }
}
