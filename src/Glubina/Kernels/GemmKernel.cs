namespace Glubina.Kernels;

/// <summary>The GEMM micro-kernel variants; <see cref="Auto"/> picks the fastest this machine supports.</summary>
internal enum GemmKernel
{
    /// <summary>The fastest supported variant (see <see cref="Gemm.SelectedKernel"/>).</summary>
    Auto,

    /// <summary>Plain scalar code; runs everywhere, including with hardware intrinsics switched off.</summary>
    Scalar,

    /// <summary>Portable <c>Vector128</c> code (SSE on x64, AdvSimd on Arm64).</summary>
    Vector128,

    /// <summary><c>Vector256</c> with FMA (AVX2 + FMA3).</summary>
    Avx2,

    /// <summary><c>Vector512</c> with FMA (AVX-512F), used where 512-bit vectors are preferred.</summary>
    Avx512,
}
