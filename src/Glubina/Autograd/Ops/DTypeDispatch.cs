using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>The numeric part of an op, written once for the floating element type T (float or double).</summary>
internal interface IFloatBody
{
    void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>The numeric part of an op, written once for any element type (float, double, long or bool).</summary>
internal interface IElementBody
{
    void Run<T>() where T : unmanaged;
}

/// <summary>
/// The one place where a tensor's dtype becomes a type argument. Op bodies are structs holding their tensors, so the
/// JIT compiles each body once per element type with T known: no boxing, no virtual call, the same code as if it
/// had been written out for float and for double.
/// </summary>
internal static class DTypeDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Float<TBody>(DType dtype, TBody body) where TBody : struct, IFloatBody
    {
        if (dtype == DType.Float32)
            body.Run<float>();
        else if (dtype == DType.Float64)
            body.Run<double>();
        else
            Unsupported(dtype, "a floating-point op body");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Any<TBody>(DType dtype, TBody body) where TBody : struct, IElementBody
    {
        switch (dtype)
        {
            case DType.Float32: body.Run<float>(); break;
            case DType.Float64: body.Run<double>(); break;
            case DType.Int64: body.Run<long>(); break;
            case DType.Bool: body.Run<bool>(); break;
            default: Unsupported(dtype, "an op body"); break;
        }
    }

    // Kept out of line so the dispatch itself inlines into every op.
    [DoesNotReturn]
    private static void Unsupported(DType dtype, string what) =>
        throw new InvalidOperationException($"Internal error: {what} was given a {dtype.Name()} tensor.");
}
