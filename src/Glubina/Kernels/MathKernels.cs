using System.Numerics;
using System.Numerics.Tensors;

namespace Glubina.Kernels;

// Pointwise math functions: forward y = f(x) and backward dx = dy · f'(x), side by side.

internal readonly struct NegKernel : IUnaryKernel
{
    public string Name => "neg";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Negate(x, y);

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
        TensorPrimitives.Negate(dy, dx);
}

internal readonly struct ExpKernel : IUnaryKernel
{
    public string Name => "exp";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Exp(x, y);

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
        TensorPrimitives.Multiply(dy, y, dx);
}

internal readonly struct LogKernel : IUnaryKernel
{
    public string Name => "log";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Log(x, y);

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
        TensorPrimitives.Divide(dy, x, dx);
}

internal readonly struct Log1pKernel : IUnaryKernel
{
    public string Name => "log1p";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
            y[i] = T.LogP1(x[i]);
    }

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
            dx[i] = dy[i] / (T.One + x[i]);
    }
}

internal readonly struct SqrtKernel : IUnaryKernel
{
    public string Name => "sqrt";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sqrt(x, y);

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.CreateChecked(0.5);
        for (int i = 0; i < x.Length; i++)
            dx[i] = half * dy[i] / y[i];
    }
}

internal readonly struct RsqrtKernel : IUnaryKernel
{
    public string Name => "rsqrt";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
            y[i] = T.One / T.Sqrt(x[i]);
    }

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T minusHalf = T.CreateChecked(-0.5);
        for (int i = 0; i < x.Length; i++)
            dx[i] = minusHalf * dy[i] * y[i] * y[i] * y[i];
    }
}

internal readonly struct AbsKernel : IUnaryKernel
{
    public string Name => "abs";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Abs(x, y);

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
            dx[i] = x[i] > T.Zero ? dy[i] : x[i] < T.Zero ? -dy[i] : T.Zero;
    }
}

internal readonly struct SignKernel : IUnaryKernel
{
    public string Name => "sign";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
            y[i] = x[i] > T.Zero ? T.One : x[i] < T.Zero ? -T.One : x[i]; // keeps 0 and NaN as they are
    }

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T> =>
        dx.Clear();
}

internal readonly struct PowScalarKernel(double exponent) : IUnaryKernel
{
    public string Name => "pow";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (exponent == 2)
            TensorPrimitives.Multiply(x, x, y);
        else
            TensorPrimitives.Pow(x, T.CreateChecked(exponent), y);
    }

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T p = T.CreateChecked(exponent), pm1 = T.CreateChecked(exponent - 1);
        if (exponent == 0)
            dx.Clear();
        else if (exponent == 2)
            for (int i = 0; i < x.Length; i++)
                dx[i] = p * x[i] * dy[i];
        else
            for (int i = 0; i < x.Length; i++)
                dx[i] = p * T.Pow(x[i], pm1) * dy[i];
    }
}

internal readonly struct ClampKernel(double? min, double? max) : IUnaryKernel
{
    public string Name => "clamp";

    public void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x.CopyTo(y);
        if (min is double lo)
            TensorPrimitives.Max(y, T.CreateChecked(lo), y);
        if (max is double hi)
            TensorPrimitives.Min(y, T.CreateChecked(hi), y);
    }

    public void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T lo = min is double a ? T.CreateChecked(a) : T.NegativeInfinity;
        T hi = max is double b ? T.CreateChecked(b) : T.PositiveInfinity;
        for (int i = 0; i < x.Length; i++)
            dx[i] = x[i] >= lo && x[i] <= hi ? dy[i] : T.Zero;
    }
}
