using System.Numerics;
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
    public static void Float<TBody>(DType dtype, TBody body) where TBody : struct, IFloatBody
    {
        switch (dtype)
        {
            case DType.Float32: body.Run<float>(); break;
            case DType.Float64: body.Run<double>(); break;
            default: throw new InvalidOperationException($"Internal error: a floating-point op body was given a {dtype.Name()} tensor.");
        }
    }

    public static void Any<TBody>(DType dtype, TBody body) where TBody : struct, IElementBody
    {
        switch (dtype)
        {
            case DType.Float32: body.Run<float>(); break;
            case DType.Float64: body.Run<double>(); break;
            case DType.Int64: body.Run<long>(); break;
            case DType.Bool: body.Run<bool>(); break;
            default: throw new InvalidOperationException($"Internal error: no element type for dtype {dtype}.");
        }
    }
}
