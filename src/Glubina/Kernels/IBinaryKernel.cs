using System.Numerics;

namespace Glubina.Kernels;

/// <summary>A pointwise function y = f(a, b) in its scalar and span forms (span·span, span·scalar, scalar·span).</summary>
internal interface IBinaryKernel
{
    T Apply<T>(T a, T b) where T : unmanaged, IFloatingPointIeee754<T>;

    void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>;

    void Apply<T>(ReadOnlySpan<T> a, T b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>;

    void Apply<T>(T a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>;
}
