using System.Runtime.CompilerServices;
using Tile = Glubina.Kernels.GemmMicroKernel6x2<System.Runtime.Intrinsics.Vector128<float>, float, Glubina.Kernels.Lanes128>;

namespace Glubina.Kernels;

// a: [6, kc] strided, b: packed [kc, 8] → c: [6, 8] (row stride ldc)
/// <summary>
/// The portable single-precision micro-kernel on <c>Vector128</c> (SSE on x64, AdvSimd on Arm64): a 6×8 tile
/// in 12 accumulators, which fits the 16 xmm registers of x64 without spilling
/// (<see cref="GemmMicroKernel6x2{TV, T, TL}"/> on <see cref="Lanes128"/>: multiply-add is fused where the
/// hardware has FMA).
/// </summary>
internal readonly unsafe struct GemmMicroKernelVector128 : IGemmMicroKernel<float>
{
    public static int MR => Tile.MR;

    public static int NR => Tile.NR;

    public static int KC => 256;

    public static int MC => 120;

    public static int NC => 4080;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(nint kc, float* a, nint aRs, nint aCs, float* b, float* c, nint ldc, bool accumulate)
        => Tile.Run(kc, a, aRs, aCs, b, c, ldc, accumulate);
}
