using System.Runtime.Intrinsics.X86;

namespace Glubina.Kernels;

/// <summary>
/// The float64 path (gradient checks, reference computations): the same BLIS driver with a 6×8 AVX2 + FMA
/// double kernel, or the scalar kernel elsewhere. <see cref="GemmKernel.Vector128"/> maps to scalar and
/// <see cref="GemmKernel.Avx512"/> to the AVX2 kernel: float64 speed matters less than float32 here.
/// </summary>
internal static unsafe class GemmDouble
{
    /// <summary>The double variant that runs for <paramref name="kernel"/>: <see cref="GemmKernel.Avx2"/> or <see cref="GemmKernel.Scalar"/>.</summary>
    public static GemmKernel Resolve(GemmKernel kernel)
    {
        bool avx2 = Avx2.IsSupported && Fma.IsSupported;
        if (!Gemm.IsSupported(kernel))
            throw new PlatformNotSupportedException($"GEMM kernel {kernel} is not supported on this machine.");
        return kernel switch
        {
            GemmKernel.Scalar or GemmKernel.Vector128 => GemmKernel.Scalar,
            _ => avx2 ? GemmKernel.Avx2 : GemmKernel.Scalar,
        };
    }

    /// <summary>Register tile and cache blocks of a resolved double variant.</summary>
    public static (int MR, int NR, int KC, int MC, int NC) Blocking(GemmKernel variant) => variant == GemmKernel.Avx2
        ? Gemm.BlockingOf<double, GemmMicroKernelAvx2Double>()
        : Gemm.BlockingOf<double, GemmMicroKernelScalar<double>>();

    /// <summary>The driver entry for a resolved double variant.</summary>
    public static delegate*<int, int, int, double*, nint, nint, double*, nint, nint, double*, nint, bool, int, long, void> Driver(GemmKernel variant)
        => variant == GemmKernel.Avx2
            ? &GemmDriver<double, GemmMicroKernelAvx2Double>.Run
            : &GemmDriver<double, GemmMicroKernelScalar<double>>.Run;
}
