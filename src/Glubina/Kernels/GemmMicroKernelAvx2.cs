using System.Runtime.CompilerServices;
using Tile = Glubina.Kernels.GemmMicroKernel6x2<System.Runtime.Intrinsics.Vector256<float>, float, Glubina.Kernels.Lanes256>;

namespace Glubina.Kernels;

// a: [6, kc] strided, b: packed [kc, 16] → c: [6, 16] (row stride ldc)
/// <summary>
/// The AVX2 + FMA single-precision micro-kernel: the classic 6×16 tile in 12 ymm accumulators
/// (<see cref="GemmMicroKernel6x2{TV, T, TL}"/> on <see cref="Lanes256"/>, fused).
/// </summary>
internal readonly unsafe struct GemmMicroKernelAvx2 : IGemmMicroKernel<float>
{
    public static int MR => Tile.MR;

    public static int NR => Tile.NR;

    public static int KC => 256;

    public static int MC => 144;

    public static int NC => 4080;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(nint kc, float* a, nint aRs, nint aCs, float* b, float* c, nint ldc, bool accumulate)
        => Tile.Run(kc, a, aRs, aCs, b, c, ldc, accumulate);
}
