namespace Glubina.Tensors;

/// <summary>Element type of a tensor. Float32 is the compute type; Float64 serves gradient checks; Int64 holds
/// labels and indices; Bool holds masks.</summary>
public enum DType
{
    /// <summary>32-bit IEEE float (torch.float32), the default for parameters and activations.</summary>
    Float32,
    /// <summary>64-bit IEEE float (torch.float64), for gradient checks and precise reference runs.</summary>
    Float64,
    /// <summary>64-bit signed integer (torch.int64, "long"): class labels, token ids, indices.</summary>
    Int64,
    /// <summary>True/false, one byte each (torch.bool): masks and comparison results.</summary>
    Bool,
}

/// <summary>Names and properties of <see cref="DType"/> values.</summary>
public static class DTypeInfo
{
    /// <summary>PyTorch-style name: float32, float64, int64, bool.</summary>
    public static string Name(this DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        DType.Int64 => "int64",
        DType.Bool => "bool",
        _ => dtype.ToString(),
    };

    /// <summary>True for Float32 and Float64, the types that can carry gradients.</summary>
    public static bool IsFloatingPoint(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    internal static int ElementSize(this DType dtype) => dtype switch
    {
        DType.Float32 => 4,
        DType.Float64 => 8,
        DType.Int64 => 8,
        _ => 1,
    };
}
