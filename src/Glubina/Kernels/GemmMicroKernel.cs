namespace Glubina.Kernels;

/// <summary>
/// The contract of a GEMM micro-kernel (BLIS): an MR×NR tile of C updated by a kc-long product of an A
/// micro-panel (MR rows) and a packed B micro-panel (NR columns). The block sizes travel with the kernel so
/// that <see cref="GemmDriver{T, TKernel}"/> is specialised, constants and all, per kernel.
/// </summary>
internal unsafe interface IGemmMicroKernel<T>
    where T : unmanaged
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int NR { get; }

    /// <summary>Depth of a packed block (the B micro-panel, kc×NR, should sit in L1).</summary>
    static abstract int KC { get; }

    /// <summary>Rows of a packed A block (MC×KC should sit in L2); a multiple of MR.</summary>
    static abstract int MC { get; }

    /// <summary>Columns of a packed B block (KC×NC should sit in L3); a multiple of NR.</summary>
    static abstract int NC { get; }

    /// <summary>
    /// a: [MR, kc] with element (i,p) at <c>a[i*aRs + p*aCs]</c>; b: packed [kc, NR] (row p at b + p*NR);
    /// c: [MR, NR] with row stride ldc. c = (accumulate ? c : 0) + a·b, each element one multiply-add chain
    /// over p in order (fused where the kernel uses FMA), so results do not depend on blocking or threads.
    /// </summary>
    static abstract void Run(nint kc, T* a, nint aRs, nint aCs, T* b, T* c, nint ldc, bool accumulate);
}
