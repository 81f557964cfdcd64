using System.Numerics;
using System.Runtime.InteropServices;

namespace Glubina.Kernels;

/// <summary>
/// result[i] = key[i] &gt; 0 ? value[i] : 0 (ReLU's backward) or : slope·value[i] (leaky ReLU, both ways).
/// Vectorized with a compare and a select, because on real activations the sign is a coin flip and a branch per
/// element mispredicts half the time (measured: docs/benchmarks.md, "Numbers behind the code's rules").
/// </summary>
internal static class PositiveSelect
{
    /// <summary>key &gt; 0 ? value : 0, an exact 0 even where the value is infinite or NaN (as PyTorch).</summary>
    public static void OrZero<T>(ReadOnlySpan<T> key, ReadOnlySpan<T> value, Span<T> result)
        where T : unmanaged, INumber<T> => Run(key, value, T.Zero, scale: false, result);

    /// <summary>key &gt; 0 ? value : slope·value.</summary>
    public static void OrScaled<T>(ReadOnlySpan<T> key, ReadOnlySpan<T> value, T slope, Span<T> result)
        where T : unmanaged, INumber<T> => Run(key, value, slope, scale: true, result);

    private static void Run<T>(ReadOnlySpan<T> key, ReadOnlySpan<T> value, T slope, bool scale, Span<T> result)
        where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            ref T k = ref MemoryMarshal.GetReference(key);
            ref T v = ref MemoryMarshal.GetReference(value);
            ref T r = ref MemoryMarshal.GetReference(result);
            var slopes = new Vector<T>(slope);
            for (; i <= key.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> kv = Vector.LoadUnsafe(ref k, (nuint)i), vv = Vector.LoadUnsafe(ref v, (nuint)i);
                Vector.ConditionalSelect(Vector.GreaterThan(kv, Vector<T>.Zero), vv, scale ? vv * slopes : Vector<T>.Zero)
                    .StoreUnsafe(ref r, (nuint)i);
            }
        }
        for (; i < key.Length; i++)
            result[i] = key[i] > T.Zero ? value[i] : scale ? slope * value[i] : T.Zero;
    }
}
