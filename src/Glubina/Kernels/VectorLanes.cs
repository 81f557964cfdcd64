using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Glubina.Kernels;

/// <summary>
/// The vector operations a register-blocked kernel needs, over one register width and element type, so that the
/// kernel is written once and specialised by the JIT per lane struct (a struct type argument gets its own code,
/// and these static calls inline to single instructions). The runtime's own <c>ISimdVector</c> is internal in
/// .NET 10, hence this.
/// </summary>
internal unsafe interface IVectorLanes<TV, T>
    where TV : unmanaged
    where T : unmanaged
{
    /// <summary>Elements per register.</summary>
    static abstract int Count { get; }

    static abstract TV Load(T* p);

    static abstract void Store(T* p, TV v);

    static abstract TV Broadcast(T value);

    /// <summary>a·b + c: fused or not as the implementing struct says, always the same for a given machine (kernels
    /// that promise bit-identical results across variants rely on it).</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
}

/// <summary>128-bit float registers (SSE on x64, AdvSimd on Arm64); multiply-add is fused where the hardware has
/// FMA (<c>MultiplyAddEstimate</c>), a multiply and an add elsewhere.</summary>
internal readonly unsafe struct Lanes128 : IVectorLanes<Vector128<float>, float>
{
    public static int Count => Vector128<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(float* p) => Vector128.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, Vector128<float> v) => v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Vector128.MultiplyAddEstimate(a, b, c);
}

/// <summary>256-bit double registers (AVX2); multiply-add fused (run it only where FMA is supported).</summary>
internal readonly unsafe struct Lanes256Double : IVectorLanes<Vector256<double>, double>
{
    public static int Count => Vector256<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(double* p) => Vector256.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double* p, Vector256<double> v) => v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
        Vector256.FusedMultiplyAdd(a, b, c);
}
