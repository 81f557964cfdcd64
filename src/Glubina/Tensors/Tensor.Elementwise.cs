using Glubina.Autograd.Ops;
using Glubina.Kernels;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    // Arithmetic broadcasts NumPy-style; both operands must have the same floating dtype.

    public Tensor Add(Tensor other) => BinaryOps.Add(this, other);

    public Tensor Add(double value) => BinaryOps.Add(this, Scalar(value, DType));

    public Tensor Sub(Tensor other) => BinaryOps.Sub(this, other);

    public Tensor Sub(double value) => BinaryOps.Sub(this, Scalar(value, DType));

    public Tensor Mul(Tensor other) => BinaryOps.Mul(this, other);

    public Tensor Mul(double value) => BinaryOps.Mul(this, Scalar(value, DType));

    public Tensor Div(Tensor other) => BinaryOps.Div(this, other);

    public Tensor Div(double value) => BinaryOps.Div(this, Scalar(value, DType));

    /// <summary>Elementwise power with a tensor exponent.</summary>
    public Tensor Pow(Tensor exponent) => BinaryOps.Pow(this, exponent);

    /// <summary>Elementwise power with a constant exponent.</summary>
    public Tensor Pow(double exponent) => UnaryOp.Apply(this, new PowScalarKernel(exponent));

    /// <summary>Elementwise minimum (torch.minimum).</summary>
    public Tensor Minimum(Tensor other) => BinaryOps.Minimum(this, other);

    /// <summary>Elementwise maximum (torch.maximum).</summary>
    public Tensor Maximum(Tensor other) => BinaryOps.Maximum(this, other);

    public Tensor Neg() => UnaryOp.Apply(this, new NegKernel());

    public Tensor Exp() => UnaryOp.Apply(this, new ExpKernel());

    public Tensor Log() => UnaryOp.Apply(this, new LogKernel());

    public Tensor Log1p() => UnaryOp.Apply(this, new Log1pKernel());

    public Tensor Sqrt() => UnaryOp.Apply(this, new SqrtKernel());

    public Tensor Rsqrt() => UnaryOp.Apply(this, new RsqrtKernel());

    public Tensor Abs() => UnaryOp.Apply(this, new AbsKernel());

    /// <summary>-1, 0 or 1 by sign (zero gradient).</summary>
    public Tensor Sign() => UnaryOp.Apply(this, new SignKernel());

    /// <summary>Limits values to [min, max]; either bound may be omitted.</summary>
    public Tensor Clamp(double? min = null, double? max = null)
    {
        if (min is double lo && max is double hi && lo > hi)
            throw new ArgumentException($"Clamp: min ({lo}) is greater than max ({hi}).");
        return UnaryOp.Apply(this, new ClampKernel(min, max));
    }

    // ---- comparisons: bool masks, no gradient ----

    public Tensor Eq(Tensor other) => SelectionOps.Compare(this, other, SelectionOps.Comparison.Eq);

    public Tensor Ne(Tensor other) => SelectionOps.Compare(this, other, SelectionOps.Comparison.Ne);

    public Tensor Lt(Tensor other) => SelectionOps.Compare(this, other, SelectionOps.Comparison.Lt);

    public Tensor Le(Tensor other) => SelectionOps.Compare(this, other, SelectionOps.Comparison.Le);

    public Tensor Gt(Tensor other) => SelectionOps.Compare(this, other, SelectionOps.Comparison.Gt);

    public Tensor Ge(Tensor other) => SelectionOps.Compare(this, other, SelectionOps.Comparison.Ge);

    public Tensor Eq(double value) => Eq(Scalar(value, DType));

    public Tensor Ne(double value) => Ne(Scalar(value, DType));

    public Tensor Lt(double value) => Lt(Scalar(value, DType));

    public Tensor Le(double value) => Le(Scalar(value, DType));

    public Tensor Gt(double value) => Gt(Scalar(value, DType));

    public Tensor Ge(double value) => Ge(Scalar(value, DType));

    /// <summary>Elementwise choice: <paramref name="a"/> where <paramref name="condition"/> is true, else <paramref name="b"/> (broadcasting).</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => SelectionOps.Where(condition, a, b);

    /// <summary>Replaces elements where the (broadcast) bool mask is true with <paramref name="value"/>.</summary>
    public Tensor MaskedFill(Tensor mask, double value)
    {
        if (mask.DType != DType.Bool)
            throw new ArgumentException($"MaskedFill: the mask must be bool, got {mask.DType.Name()}.");
        int[] shape = ShapeMath.Broadcast(_shape, mask._shape, "MaskedFill");
        if (!ShapeMath.SameShape(shape, _shape))
            throw new ArgumentException(
                $"MaskedFill: the mask {ShapeMath.Format(mask._shape)} must broadcast to the tensor {ShapeMath.Format(_shape)}.");
        return SelectionOps.Where(mask, Scalar(value, DType), this);
    }

    // ---- operators ----

    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);

    public static Tensor operator +(Tensor a, double b) => a.Add(b);

    public static Tensor operator +(double a, Tensor b) => b.Add(a);

    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);

    public static Tensor operator -(Tensor a, double b) => a.Sub(b);

    public static Tensor operator -(double a, Tensor b) => Scalar(a, b.DType).Sub(b);

    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);

    public static Tensor operator *(Tensor a, double b) => a.Mul(b);

    public static Tensor operator *(double a, Tensor b) => b.Mul(a);

    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);

    public static Tensor operator /(Tensor a, double b) => a.Div(b);

    public static Tensor operator /(double a, Tensor b) => Scalar(a, b.DType).Div(b);

    public static Tensor operator -(Tensor a) => a.Neg();
}
