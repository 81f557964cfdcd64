using Glubina.Autograd.Ops;
using Glubina.Kernels;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    // Arithmetic broadcasts NumPy-style; both operands must have the same floating dtype.

    /// <summary>this + <paramref name="other"/> elementwise, broadcasting (torch.add).</summary>
    /// <exception cref="ArgumentException">The dtypes differ, are not floating point, or the shapes do not broadcast.</exception>
    public Tensor Add(Tensor other) => BinaryOps.Add(this, other);

    /// <summary>Adds <paramref name="value"/> to every element.</summary>
    public Tensor Add(double value) => BinaryOps.Add(this, Scalar(value, DType));

    /// <summary>this − <paramref name="other"/> elementwise, broadcasting (torch.sub).</summary>
    /// <exception cref="ArgumentException">The dtypes differ, are not floating point, or the shapes do not broadcast.</exception>
    public Tensor Sub(Tensor other) => BinaryOps.Sub(this, other);

    /// <summary>Subtracts <paramref name="value"/> from every element.</summary>
    public Tensor Sub(double value) => BinaryOps.Sub(this, Scalar(value, DType));

    /// <summary>this · <paramref name="other"/> elementwise (Hadamard product), broadcasting (torch.mul); see <see cref="MatMul"/> for matrix products.</summary>
    /// <exception cref="ArgumentException">The dtypes differ, are not floating point, or the shapes do not broadcast.</exception>
    public Tensor Mul(Tensor other) => BinaryOps.Mul(this, other);

    /// <summary>Multiplies every element by <paramref name="value"/>.</summary>
    public Tensor Mul(double value) => BinaryOps.Mul(this, Scalar(value, DType));

    /// <summary>this / <paramref name="other"/> elementwise, broadcasting (torch.div, true division; x/0 gives ±∞ or NaN).</summary>
    /// <exception cref="ArgumentException">The dtypes differ, are not floating point, or the shapes do not broadcast.</exception>
    public Tensor Div(Tensor other) => BinaryOps.Div(this, other);

    /// <summary>Divides every element by <paramref name="value"/>.</summary>
    public Tensor Div(double value) => BinaryOps.Div(this, Scalar(value, DType));

    /// <summary>Elementwise power with a tensor exponent.</summary>
    public Tensor Pow(Tensor exponent) => BinaryOps.Pow(this, exponent);

    /// <summary>Elementwise power with a constant exponent.</summary>
    public Tensor Pow(double exponent) => UnaryOp.Apply(this, new PowScalarKernel(exponent));

    /// <summary>Elementwise minimum (torch.minimum).</summary>
    public Tensor Minimum(Tensor other) => BinaryOps.Minimum(this, other);

    /// <summary>Elementwise maximum (torch.maximum).</summary>
    public Tensor Maximum(Tensor other) => BinaryOps.Maximum(this, other);

    /// <summary>−x elementwise.</summary>
    public Tensor Neg() => UnaryOp.Apply(this, new NegKernel());

    /// <summary>eˣ elementwise.</summary>
    public Tensor Exp() => UnaryOp.Apply(this, new ExpKernel());

    /// <summary>Natural logarithm elementwise (−∞ at 0, NaN below).</summary>
    public Tensor Log() => UnaryOp.Apply(this, new LogKernel());

    /// <summary>log(1 + x) elementwise, accurate for small x.</summary>
    public Tensor Log1p() => UnaryOp.Apply(this, new Log1pKernel());

    /// <summary>√x elementwise (NaN below 0).</summary>
    public Tensor Sqrt() => UnaryOp.Apply(this, new SqrtKernel());

    /// <summary>1/√x elementwise (torch.rsqrt).</summary>
    public Tensor Rsqrt() => UnaryOp.Apply(this, new RsqrtKernel());

    /// <summary>|x| elementwise.</summary>
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

    /// <summary>Bool mask of this == <paramref name="other"/>, broadcasting; no gradient.</summary>
    /// <exception cref="ArgumentException">The dtypes differ or the shapes do not broadcast.</exception>
    public Tensor Eq(Tensor other) => SelectionOps.Compare(this, other, SelectionOps.Comparison.Eq);

    /// <summary>Bool mask of this != <paramref name="other"/>, broadcasting; no gradient.</summary>
    /// <exception cref="ArgumentException">The dtypes differ or the shapes do not broadcast.</exception>
    public Tensor Ne(Tensor other) => SelectionOps.Compare(this, other, SelectionOps.Comparison.Ne);

    /// <summary>Bool mask of this &lt; <paramref name="other"/>, broadcasting; no gradient.</summary>
    /// <exception cref="ArgumentException">The dtypes differ, are bool, or the shapes do not broadcast.</exception>
    public Tensor Lt(Tensor other) => SelectionOps.Compare(this, other, SelectionOps.Comparison.Lt);

    /// <summary>Bool mask of this ≤ <paramref name="other"/>, broadcasting; no gradient.</summary>
    /// <exception cref="ArgumentException">The dtypes differ, are bool, or the shapes do not broadcast.</exception>
    public Tensor Le(Tensor other) => SelectionOps.Compare(this, other, SelectionOps.Comparison.Le);

    /// <summary>Bool mask of this &gt; <paramref name="other"/>, broadcasting; no gradient.</summary>
    /// <exception cref="ArgumentException">The dtypes differ, are bool, or the shapes do not broadcast.</exception>
    public Tensor Gt(Tensor other) => SelectionOps.Compare(this, other, SelectionOps.Comparison.Gt);

    /// <summary>Bool mask of this ≥ <paramref name="other"/>, broadcasting; no gradient.</summary>
    /// <exception cref="ArgumentException">The dtypes differ, are bool, or the shapes do not broadcast.</exception>
    public Tensor Ge(Tensor other) => SelectionOps.Compare(this, other, SelectionOps.Comparison.Ge);

    /// <summary>Bool mask of the elements equal to <paramref name="value"/>.</summary>
    public Tensor Eq(double value) => Eq(Scalar(value, DType));

    /// <summary>Bool mask of the elements not equal to <paramref name="value"/>.</summary>
    public Tensor Ne(double value) => Ne(Scalar(value, DType));

    /// <summary>Bool mask of the elements below <paramref name="value"/>.</summary>
    public Tensor Lt(double value) => Lt(Scalar(value, DType));

    /// <summary>Bool mask of the elements at or below <paramref name="value"/>.</summary>
    public Tensor Le(double value) => Le(Scalar(value, DType));

    /// <summary>Bool mask of the elements above <paramref name="value"/>.</summary>
    public Tensor Gt(double value) => Gt(Scalar(value, DType));

    /// <summary>Bool mask of the elements at or above <paramref name="value"/>.</summary>
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

    /// <summary>Elementwise sum, broadcasting; see <see cref="Add(Tensor)"/>.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);

    /// <summary>Adds a constant to every element.</summary>
    public static Tensor operator +(Tensor a, double b) => a.Add(b);

    /// <summary>Adds a constant to every element.</summary>
    public static Tensor operator +(double a, Tensor b) => b.Add(a);

    /// <summary>Elementwise difference, broadcasting; see <see cref="Sub(Tensor)"/>.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);

    /// <summary>Subtracts a constant from every element.</summary>
    public static Tensor operator -(Tensor a, double b) => a.Sub(b);

    /// <summary>A constant minus each element.</summary>
    public static Tensor operator -(double a, Tensor b) => Scalar(a, b.DType).Sub(b);

    /// <summary>Elementwise product, broadcasting; see <see cref="Mul(Tensor)"/> (not a matrix product).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);

    /// <summary>Multiplies every element by a constant.</summary>
    public static Tensor operator *(Tensor a, double b) => a.Mul(b);

    /// <summary>Multiplies every element by a constant.</summary>
    public static Tensor operator *(double a, Tensor b) => b.Mul(a);

    /// <summary>Elementwise quotient, broadcasting; see <see cref="Div(Tensor)"/>.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);

    /// <summary>Divides every element by a constant.</summary>
    public static Tensor operator /(Tensor a, double b) => a.Div(b);

    /// <summary>A constant divided by each element.</summary>
    public static Tensor operator /(double a, Tensor b) => Scalar(a, b.DType).Div(b);

    /// <summary>Elementwise negation; see <see cref="Neg"/>.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();
}
