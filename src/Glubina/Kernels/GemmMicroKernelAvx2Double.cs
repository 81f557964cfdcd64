using System.Runtime.CompilerServices;
using Tile = Glubina.Kernels.GemmMicroKernel6x2<System.Runtime.Intrinsics.Vector256<double>, double, Glubina.Kernels.Lanes256Double>;

namespace Glubina.Kernels;

// a: [6, kc] strided, b: packed [kc, 8] → c: [6, 8] (row stride ldc)
/// <summary>
/// The AVX2 + FMA double-precision micro-kernel: a 6×8 tile in 12 ymm accumulators
/// (<see cref="GemmMicroKernel6x2{TV, T, TL}"/> on <see cref="Lanes256Double"/>, fused).
/// </summary>
internal readonly unsafe struct GemmMicroKernelAvx2Double : IGemmMicroKernel<double>
{
    public static int MR => Tile.MR;

    public static int NR => Tile.NR;

    public static int KC => 256;

    public static int MC => 96;

    public static int NC => 2040;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(nint kc, double* a, nint aRs, nint aCs, double* b, double* c, nint ldc, bool accumulate)
        => Tile.Run(kc, a, aRs, aCs, b, c, ldc, accumulate);
}
