using System.Numerics;

namespace Glubina.Kernels;

/// <summary>A pointwise function y = f(x) with its derivative, on contiguous spans.</summary>
internal interface IUnaryKernel
{
    string Name { get; }

    // x: [n] → y: [n]
    void Forward<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>;

    // x, y = f(x), dy: [n] → dx = dy · f'(x): [n]
    void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>;
}
