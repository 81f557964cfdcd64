using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Glubina.Kernels;

/// <summary>
/// Per-thread packing buffers for GEMM, grown on demand and kept, so that a call allocates nothing in
/// steady state. They live on the pinned object heap (the pointer never moves) and are handed out 64-byte
/// aligned.
/// </summary>
internal static unsafe class GemmBuffers<T>
    where T : unmanaged
{
    [ThreadStatic]
    private static T[]? t_a;

    [ThreadStatic]
    private static T[]? t_b;

    /// <summary>The calling thread's buffer for packed A blocks, at least <paramref name="length"/> elements.</summary>
    public static T* A(int length) => Get(ref t_a, length);

    /// <summary>The calling thread's buffer for packed B blocks, at least <paramref name="length"/> elements.</summary>
    public static T* B(int length) => Get(ref t_b, length);

    private static T* Get(ref T[]? buffer, int length)
    {
        int pad = 64 / sizeof(T);
        if (buffer is null || buffer.Length < length + pad)
            buffer = GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
        T* p = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        nint misalign = (nint)p & 63;
        return misalign == 0 ? p : (T*)((byte*)p + (64 - misalign));
    }
}
