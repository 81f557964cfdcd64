using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Glubina.Kernels;

// Activation functions: forward y = f(x) and backward dx = dy · f'(x), side by side (formulas as in PyTorch).

internal readonly struct ReluKernel : IUnaryKernel
{
    public string Name => "relu";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Max(x, T.Zero, y);

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
        PositiveSelect.OrZero(y, dy, dx);
}

internal readonly struct LeakyReluKernel(double negativeSlope) : IUnaryKernel
{
    public string Name => "leaky_relu";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> =>
        PositiveSelect.OrScaled(x, x, T.CreateChecked(negativeSlope), y);

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
        PositiveSelect.OrScaled(x, dy, T.CreateChecked(negativeSlope), dx);
}

internal readonly struct EluKernel(double alpha) : IUnaryKernel
{
    public string Name => "elu";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a = T.CreateChecked(alpha);
        for (int i = 0; i < x.Length; i++)
            y[i] = x[i] > T.Zero ? x[i] : a * (T.Exp(x[i]) - T.One);
    }

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a = T.CreateChecked(alpha);
        for (int i = 0; i < x.Length; i++)
            dx[i] = x[i] > T.Zero ? dy[i] : dy[i] * (y[i] + a);
    }
}

internal readonly struct GeluKernel : IUnaryKernel
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    public string Name => "gelu";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            // y = x·Φ(x), vectorized (Φ written into y first).
            var xf = MemoryMarshal.Cast<T, float>(x);
            var yf = MemoryMarshal.Cast<T, float>(y);
            NormalCdfKernel.Cdf(xf, yf);
            TensorPrimitives.Multiply(xf, yf, yf);
            return;
        }
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateChecked(x[i]);
            y[i] = T.CreateChecked(0.5 * v * (1 + SpecialFunctions.Erf(v * InvSqrt2)));
        }
    }

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            // dx = dy·(Φ(x) + x·φ(x)), φ(x) = exp(−x²/2)/√(2π); Φ goes into dx, φ into a chunk buffer.
            var xf = MemoryMarshal.Cast<T, float>(x);
            var dyf = MemoryMarshal.Cast<T, float>(dy);
            var dxf = MemoryMarshal.Cast<T, float>(dx);
            NormalCdfKernel.Cdf(xf, dxf);
            Span<float> pdf = stackalloc float[512];
            for (int start = 0; start < xf.Length; start += pdf.Length)
            {
                int n = Math.Min(pdf.Length, xf.Length - start);
                ReadOnlySpan<float> xs = xf.Slice(start, n);
                Span<float> ps = pdf[..n], ds = dxf.Slice(start, n);
                TensorPrimitives.Multiply(xs, xs, ps);
                TensorPrimitives.Multiply(ps, -0.5f, ps);
                TensorPrimitives.Exp(ps, ps);
                TensorPrimitives.Multiply(ps, (float)InvSqrt2Pi, ps);
                TensorPrimitives.MultiplyAdd(xs, ps, ds, ds);           // Φ + x·φ
                TensorPrimitives.Multiply(ds, dyf.Slice(start, n), ds);
            }
            return;
        }
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateChecked(x[i]);
            double cdf = 0.5 * (1 + SpecialFunctions.Erf(v * InvSqrt2));
            double pdf = InvSqrt2Pi * Math.Exp(-0.5 * v * v);
            dx[i] = dy[i] * T.CreateChecked(cdf + v * pdf);
        }
    }
}

internal readonly struct GeluTanhKernel : IUnaryKernel
{
    private const double SqrtTwoOverPi = 0.79788456080286535588;
    private const double Coefficient = 0.044715;

    public string Name => "gelu_tanh";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateChecked(x[i]);
            y[i] = T.CreateChecked(0.5 * v * (1 + Math.Tanh(SqrtTwoOverPi * (v + Coefficient * v * v * v))));
        }
    }

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateChecked(x[i]);
            double t = Math.Tanh(SqrtTwoOverPi * (v + Coefficient * v * v * v));
            double d = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SqrtTwoOverPi * (1 + 3 * Coefficient * v * v);
            dx[i] = dy[i] * T.CreateChecked(d);
        }
    }
}

internal readonly struct SigmoidKernel : IUnaryKernel
{
    public string Name => "sigmoid";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sigmoid(x, y);

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
            dx[i] = dy[i] * y[i] * (T.One - y[i]);
    }
}

internal readonly struct TanhKernel : IUnaryKernel
{
    public string Name => "tanh";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Tanh(x, y);

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
            dx[i] = dy[i] * (T.One - y[i] * y[i]);
    }
}

internal readonly struct SiluKernel : IUnaryKernel
{
    public string Name => "silu";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Sigmoid(x, y);
        TensorPrimitives.Multiply(x, y, y);
    }

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            T s = T.One / (T.One + T.Exp(-x[i]));
            dx[i] = dy[i] * s * (T.One + x[i] * (T.One - s));
        }
    }
}

internal readonly struct SoftplusKernel(double beta, double threshold) : IUnaryKernel
{
    public string Name => "softplus";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T b = T.CreateChecked(beta), th = T.CreateChecked(threshold);
        for (int i = 0; i < x.Length; i++)
        {
            T bx = b * x[i];
            y[i] = bx > th ? x[i] : T.LogP1(T.Exp(bx)) / b; // linear above the threshold, as PyTorch
        }
    }

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T b = T.CreateChecked(beta), th = T.CreateChecked(threshold);
        for (int i = 0; i < x.Length; i++)
        {
            T bx = b * x[i];
            dx[i] = bx > th ? dy[i] : dy[i] / (T.One + T.Exp(-bx));
        }
    }
}
