using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>Copies: contiguous copy, clone and dtype conversion, each with its (identity or cast) backward.</summary>
internal static class CopyOps
{
    /// <summary>A contiguous copy of any tensor (no autograd; the building block of the ops below).</summary>
    public static Tensor RawCopy(Tensor x)
    {
        var y = Tensor.Empty(x.DType, x.ShapeArray());
        DTypeDispatch.Any(x.DType, new CopyBody(x, y));
        return y;
    }

    // x: any layout → y: contiguous, same shape
    private readonly struct CopyBody(Tensor x, Tensor y) : IElementBody
    {
        public void Run<T>() where T : unmanaged
        {
            if (x.IsContiguous)
                x.ContiguousSpan<T>().CopyTo(y.ContiguousSpan<T>());
            else
                StridedCopy.Copy<T>(x.Data<T>(), x.StorageOffset, x.Shape, x.Strides, y.ContiguousSpan<T>());
        }
    }

    public static Tensor Clone(Tensor x)
    {
        Tensor y = RawCopy(x);
        return Node.ShouldRecord(x) ? Node.Record(y, new IdentityNode("clone", x)) : y;
    }

    public static Tensor Contiguous(Tensor x) => x.IsContiguous ? x : Clone(x);

    public static Tensor Cast(Tensor x, DType dtype)
    {
        if (dtype == x.DType)
            return x;
        var y = Tensor.Empty(dtype, x.ShapeArray());
        Tensor src = x.IsContiguous ? x : RawCopy(x);
        switch (src.DType, dtype)
        {
            case (DType.Float32, DType.Float64): Convert<float, double>(src, y, v => v); break;
            case (DType.Float64, DType.Float32): Convert<double, float>(src, y, v => (float)v); break;
            case (DType.Float32, DType.Int64): Convert<float, long>(src, y, v => (long)v); break;
            case (DType.Float64, DType.Int64): Convert<double, long>(src, y, v => (long)v); break;
            case (DType.Int64, DType.Float32): Convert<long, float>(src, y, v => v); break;
            case (DType.Int64, DType.Float64): Convert<long, double>(src, y, v => v); break;
            case (DType.Bool, DType.Float32): Convert<bool, float>(src, y, v => v ? 1f : 0f); break;
            case (DType.Bool, DType.Float64): Convert<bool, double>(src, y, v => v ? 1.0 : 0.0); break;
            case (DType.Bool, DType.Int64): Convert<bool, long>(src, y, v => v ? 1L : 0L); break;
            case (DType.Float32, DType.Bool): Convert<float, bool>(src, y, v => v != 0); break;
            case (DType.Float64, DType.Bool): Convert<double, bool>(src, y, v => v != 0); break;
            case (DType.Int64, DType.Bool): Convert<long, bool>(src, y, v => v != 0); break;
        }
        bool differentiable = x.DType.IsFloatingPoint() && dtype.IsFloatingPoint();
        return differentiable && Node.ShouldRecord(x) ? Node.Record(y, new CastNode(x)) : y;
    }

    private static void Convert<TFrom, TTo>(Tensor src, Tensor dst, Func<TFrom, TTo> f)
    {
        var s = src.ContiguousSpan<TFrom>();
        var d = dst.ContiguousSpan<TTo>();
        for (int i = 0; i < s.Length; i++)
            d[i] = f(s[i]);
    }

    private sealed class IdentityNode(string name, Tensor x) : Node(x)
    {
        public override string Name => name;

        protected override Tensor?[] Backward(Tensor g) => [g];
    }

    private sealed class CastNode(Tensor x) : Node(x)
    {
        private readonly DType _from = x.DType;

        public override string Name => "to";

        protected override Tensor?[] Backward(Tensor g) => [Cast(g, _from)];
    }
}
