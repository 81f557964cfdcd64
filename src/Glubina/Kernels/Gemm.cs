using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Glubina.Kernels;

/// <summary>
/// General matrix multiply, C = (accumulate ? C : 0) + A·B, on packed panels and a register-blocked FMA
/// micro-kernel (BLIS structure; see <see cref="GemmDriver{T, TKernel}"/>). Operands are described by strides,
/// so a transposed operand is the same memory with its two strides swapped: no copy is needed.
/// Results do not depend on <see cref="KernelThreads.Count"/> (K is never split across threads).
/// </summary>
public static unsafe class Gemm
{
    /// <summary>
    /// Below this many flops (2·m·n·k) a GEMM runs on one thread: handing work to another core costs a fixed
    /// time plus moving the operands between caches, which small products do not earn back (the measured
    /// crossover is in docs/benchmarks.md, "Numbers behind the code's rules").
    /// </summary>
    internal const long ParallelMinFlops = 1L << 21;

    /// <summary>The variant <see cref="GemmKernel.Auto"/> resolves to on this machine.</summary>
    internal static GemmKernel SelectedKernel { get; } = Select();

    // a: [m,k], b: [k,n] → c: [m,n] (row stride ldc)
    /// <summary>
    /// Single-precision GEMM: <c>C[m,n] = (accumulate ? C : 0) + A[m,k]·B[k,n]</c>. Element (i,p) of A is
    /// <c>a[i*aRowStride + p*aColStride]</c>, element (p,j) of B is <c>b[p*bRowStride + j*bColStride]</c>, element
    /// (i,j) of C is <c>c[i*ldc + j]</c>. With k = 0, C becomes zero (or stays as it is when accumulating).
    /// Spans may be longer than needed; C must not overlap A or B.
    /// </summary>
    /// <exception cref="ArgumentException">A size or stride is negative, ldc &lt; n, a span is too short, or C overlaps A or B.</exception>
    public static void Sgemm(int m, int n, int k,
        ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, int bRowStride, int bColStride,
        Span<float> c, int ldc, bool accumulate)
        => SgemmBatched(GemmKernel.Auto, KernelThreads.Count, 1, m, n, k, a, 0, aRowStride, aColStride,
            b, 0, bRowStride, bColStride, c, 0, ldc, accumulate);

    // a: [m,k], b: [k,n] → c: [m,n] (row stride ldc)
    /// <summary>Double-precision GEMM; the same contract as <see cref="Sgemm"/>.</summary>
    /// <exception cref="ArgumentException">A size or stride is negative, ldc &lt; n, a span is too short, or C overlaps A or B.</exception>
    public static void Dgemm(int m, int n, int k,
        ReadOnlySpan<double> a, int aRowStride, int aColStride,
        ReadOnlySpan<double> b, int bRowStride, int bColStride,
        Span<double> c, int ldc, bool accumulate)
        => DgemmBatched(GemmKernel.Auto, KernelThreads.Count, 1, m, n, k, a, 0, aRowStride, aColStride,
            b, 0, bRowStride, bColStride, c, 0, ldc, accumulate);

    // a: [batch,m,k], b: [batch,k,n] → c: [batch,m,n]
    /// <summary>
    /// Batched single-precision GEMM: batch i multiplies <c>a[i*aBatchStride..]</c> by <c>b[i*bBatchStride..]</c>
    /// into <c>c[i*cBatchStride..]</c>. An input batch stride of 0 broadcasts that operand to every batch.
    /// A C batch stride of 0 sums every batch's product into the one C (in batch order, so deterministically);
    /// otherwise the C matrices must not overlap.
    /// </summary>
    /// <exception cref="ArgumentException">A size or stride is negative, ldc &lt; n, C matrices overlap each other, A or B, or a span is too short.</exception>
    public static void SgemmBatched(int batch, int m, int n, int k,
        ReadOnlySpan<float> a, int aBatchStride, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, int bBatchStride, int bRowStride, int bColStride,
        Span<float> c, int cBatchStride, int ldc, bool accumulate)
        => SgemmBatched(GemmKernel.Auto, KernelThreads.Count, batch, m, n, k, a, aBatchStride, aRowStride, aColStride,
            b, bBatchStride, bRowStride, bColStride, c, cBatchStride, ldc, accumulate);

    // a: [batch,m,k], b: [batch,k,n] → c: [batch,m,n]
    /// <summary>Batched double-precision GEMM; the same contract as <see cref="SgemmBatched(int, int, int, int, ReadOnlySpan{float}, int, int, int, ReadOnlySpan{float}, int, int, int, Span{float}, int, int, bool)"/>.</summary>
    /// <exception cref="ArgumentException">A size or stride is negative, ldc &lt; n, C matrices overlap each other, A or B, or a span is too short.</exception>
    public static void DgemmBatched(int batch, int m, int n, int k,
        ReadOnlySpan<double> a, int aBatchStride, int aRowStride, int aColStride,
        ReadOnlySpan<double> b, int bBatchStride, int bRowStride, int bColStride,
        Span<double> c, int cBatchStride, int ldc, bool accumulate)
        => DgemmBatched(GemmKernel.Auto, KernelThreads.Count, batch, m, n, k, a, aBatchStride, aRowStride, aColStride,
            b, bBatchStride, bRowStride, bColStride, c, cBatchStride, ldc, accumulate);

    // a: [m,k], b: [k,n] → c: [m,n]; T is float or double
    /// <summary><see cref="Sgemm"/> or <see cref="Dgemm"/> by element type, for code written once over T (the type test
    /// is resolved when the JIT specialises the method).</summary>
    internal static void Multiply<T>(int m, int n, int k, ReadOnlySpan<T> a, int aRowStride, int aColStride,
        ReadOnlySpan<T> b, int bRowStride, int bColStride, Span<T> c, int ldc, bool accumulate) where T : unmanaged =>
        MultiplyBatched(1, m, n, k, a, 0, aRowStride, aColStride, b, 0, bRowStride, bColStride, c, 0, ldc, accumulate);

    // a: [batch,m,k], b: [batch,k,n] → c: [batch,m,n]; T is float or double
    /// <summary><see cref="SgemmBatched(int, int, int, int, ReadOnlySpan{float}, int, int, int, ReadOnlySpan{float}, int, int, int, Span{float}, int, int, bool)"/>
    /// or its double twin by element type.</summary>
    internal static void MultiplyBatched<T>(int batch, int m, int n, int k,
        ReadOnlySpan<T> a, int aBatchStride, int aRowStride, int aColStride,
        ReadOnlySpan<T> b, int bBatchStride, int bRowStride, int bColStride,
        Span<T> c, int cBatchStride, int ldc, bool accumulate) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            SgemmBatched(batch, m, n, k, MemoryMarshal.Cast<T, float>(a), aBatchStride, aRowStride, aColStride,
                MemoryMarshal.Cast<T, float>(b), bBatchStride, bRowStride, bColStride,
                MemoryMarshal.Cast<T, float>(c), cBatchStride, ldc, accumulate);
        else if (typeof(T) == typeof(double))
            DgemmBatched(batch, m, n, k, MemoryMarshal.Cast<T, double>(a), aBatchStride, aRowStride, aColStride,
                MemoryMarshal.Cast<T, double>(b), bBatchStride, bRowStride, bColStride,
                MemoryMarshal.Cast<T, double>(c), cBatchStride, ldc, accumulate);
        else
            throw new NotSupportedException($"GEMM: {typeof(T).Name} is not supported (float or double).");
    }

    /// <summary>Whether <paramref name="kernel"/> can run here for float (<see cref="GemmKernel.Auto"/> always can).</summary>
    internal static bool IsSupported(GemmKernel kernel) => kernel switch
    {
        GemmKernel.Auto or GemmKernel.Scalar => true,
        GemmKernel.Vector128 => Vector128.IsHardwareAccelerated,
        GemmKernel.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        GemmKernel.Avx512 => Avx512F.IsSupported && Vector512.IsHardwareAccelerated,
        _ => false,
    };

    /// <summary>Register tile and cache blocks (MR, NR, KC, MC, NC) of a resolved float variant (tests aim at their edges).</summary>
    internal static (int MR, int NR, int KC, int MC, int NC) Blocking(GemmKernel variant) => Resolve(variant) switch
    {
        GemmKernel.Avx512 => BlockingOf<float, GemmMicroKernelAvx512>(),
        GemmKernel.Avx2 => BlockingOf<float, GemmMicroKernelAvx2>(),
        GemmKernel.Vector128 => BlockingOf<float, GemmMicroKernelVector128>(),
        _ => BlockingOf<float, GemmMicroKernelScalar<float>>(),
    };

    internal static (int MR, int NR, int KC, int MC, int NC) BlockingOf<T, TKernel>()
        where T : unmanaged
        where TKernel : struct, IGemmMicroKernel<T>
        => (TKernel.MR, TKernel.NR, TKernel.KC, TKernel.MC, TKernel.NC);

    /// <summary>The float variant that runs for <paramref name="kernel"/> (Auto resolved).</summary>
    internal static GemmKernel Resolve(GemmKernel kernel)
    {
        if (kernel == GemmKernel.Auto)
            return SelectedKernel;
        if (!IsSupported(kernel))
            throw new PlatformNotSupportedException($"GEMM kernel {kernel} is not supported on this machine.");
        return kernel;
    }

    /// <summary><see cref="SgemmBatched(int, int, int, int, ReadOnlySpan{float}, int, int, int, ReadOnlySpan{float}, int, int, int, Span{float}, int, int, bool)"/> with a forced variant and thread count (tests, benchmarks).</summary>
    internal static void SgemmBatched(GemmKernel kernel, int threads, int batch, int m, int n, int k,
        ReadOnlySpan<float> a, int aBatchStride, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, int bBatchStride, int bRowStride, int bColStride,
        Span<float> c, int cBatchStride, int ldc, bool accumulate)
    {
        var shape = new GemmShape(batch, m, n, k, aBatchStride, aRowStride, aColStride,
            bBatchStride, bRowStride, bColStride, cBatchStride, ldc);
        shape.Validate(a.Length, b.Length, c.Length);
        if (shape.IsEmpty)
            return;
        CheckNoOverlap(shape, a, b, c);
        GemmKernel variant = Resolve(kernel);
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            if (kernel == GemmKernel.Auto && GemmFewRows<float>.Applies(shape))
            {
                GemmFewRows<float>.Run(shape, pa, pb, pc, accumulate, Math.Max(1, threads));
                return;
            }
            delegate*<int, int, int, float*, nint, nint, float*, nint, nint, float*, nint, bool, int, long, void> run = variant switch
            {
                GemmKernel.Avx512 => &GemmDriver<float, GemmMicroKernelAvx512>.Run,
                GemmKernel.Avx2 => &GemmDriver<float, GemmMicroKernelAvx2>.Run,
                GemmKernel.Vector128 => &GemmDriver<float, GemmMicroKernelVector128>.Run,
                _ => &GemmDriver<float, GemmMicroKernelScalar<float>>.Run,
            };
            GemmBatch<float>.Run(shape, pa, pb, pc, accumulate, Math.Max(1, threads), run);
        }
    }

    /// <summary><see cref="DgemmBatched(int, int, int, int, ReadOnlySpan{double}, int, int, int, ReadOnlySpan{double}, int, int, int, Span{double}, int, int, bool)"/> with a forced variant and thread count (tests, benchmarks).</summary>
    internal static void DgemmBatched(GemmKernel kernel, int threads, int batch, int m, int n, int k,
        ReadOnlySpan<double> a, int aBatchStride, int aRowStride, int aColStride,
        ReadOnlySpan<double> b, int bBatchStride, int bRowStride, int bColStride,
        Span<double> c, int cBatchStride, int ldc, bool accumulate)
    {
        var shape = new GemmShape(batch, m, n, k, aBatchStride, aRowStride, aColStride,
            bBatchStride, bRowStride, bColStride, cBatchStride, ldc);
        shape.Validate(a.Length, b.Length, c.Length);
        if (shape.IsEmpty)
            return;
        CheckNoOverlap(shape, a, b, c);
        GemmKernel variant = GemmDouble.Resolve(kernel);
        fixed (double* pa = a)
        fixed (double* pb = b)
        fixed (double* pc = c)
            GemmBatch<double>.Run(shape, pa, pb, pc, accumulate, Math.Max(1, threads), GemmDouble.Driver(variant));
    }

    private static void CheckNoOverlap<T>(in GemmShape shape, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c)
    {
        ReadOnlySpan<T> cUsed = c[..(int)shape.CExtent];
        if (shape.AExtent > 0 && cUsed.Overlaps(a[..(int)shape.AExtent]))
            throw new ArgumentException("C must not overlap A.", nameof(c));
        if (shape.BExtent > 0 && cUsed.Overlaps(b[..(int)shape.BExtent]))
            throw new ArgumentException("C must not overlap B.", nameof(c));
    }

    private static GemmKernel Select()
    {
        // Where the runtime prefers 256-bit vectors (CPUs that slow down on 512-bit work),
        // Vector512.IsHardwareAccelerated is false and the AVX2 kernel runs instead.
        if (IsSupported(GemmKernel.Avx512))
            return GemmKernel.Avx512;
        if (IsSupported(GemmKernel.Avx2))
            return GemmKernel.Avx2;
        if (IsSupported(GemmKernel.Vector128))
            return GemmKernel.Vector128;
        return GemmKernel.Scalar;
    }
}
