namespace Glubina.Kernels;

/// <summary>Sizes and strides of a (batched) GEMM call, with the argument checks shared by every entry point.</summary>
internal readonly record struct GemmShape(
    int Batch, int M, int N, int K,
    int ABatchStride, int ARowStride, int AColStride,
    int BBatchStride, int BRowStride, int BColStride,
    int CBatchStride, int Ldc)
{
    /// <summary>Nothing to compute or write.</summary>
    public bool IsEmpty => Batch == 0 || M == 0 || N == 0;

    /// <summary>Elements of A the call reads (one past the largest index), 0 when none.</summary>
    public long AExtent => M == 0 || K == 0 || Batch == 0
        ? 0 : (long)(Batch - 1) * ABatchStride + (long)(M - 1) * ARowStride + (long)(K - 1) * AColStride + 1;

    /// <summary>Elements of B the call reads (one past the largest index), 0 when none.</summary>
    public long BExtent => N == 0 || K == 0 || Batch == 0
        ? 0 : (long)(Batch - 1) * BBatchStride + (long)(K - 1) * BRowStride + (long)(N - 1) * BColStride + 1;

    /// <summary>Elements of C one matrix spans (one past its largest index), 0 when none.</summary>
    public long CMatrixExtent => M == 0 || N == 0 ? 0 : (long)(M - 1) * Ldc + N;

    /// <summary>Elements of C the call writes (one past the largest index), 0 when none.</summary>
    public long CExtent => IsEmpty ? 0 : (long)(Batch - 1) * CBatchStride + CMatrixExtent;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad argument and its value.</summary>
    public void Validate(int aLength, int bLength, int cLength)
    {
        NotNegative(Batch, "batch");
        NotNegative(M, "m");
        NotNegative(N, "n");
        NotNegative(K, "k");
        NotNegative(ABatchStride, "aBatchStride");
        NotNegative(ARowStride, "aRowStride");
        NotNegative(AColStride, "aColStride");
        NotNegative(BBatchStride, "bBatchStride");
        NotNegative(BRowStride, "bRowStride");
        NotNegative(BColStride, "bColStride");
        NotNegative(CBatchStride, "cBatchStride");
        NotNegative(Ldc, "ldc");
        if (M > 1 && Ldc < N)
            throw new ArgumentException($"ldc must be at least n = {N} so that rows of C do not overlap, got {Ldc}.", "ldc");
        if (Batch > 1 && CBatchStride != 0 && CBatchStride < CMatrixExtent)
        {
            throw new ArgumentException(
                $"cBatchStride must be 0 (sum into one C) or at least {CMatrixExtent} = (m-1)*ldc + n so that " +
                $"the C matrices do not overlap, got {CBatchStride}.", "cBatchStride");
        }
        LongEnough(AExtent, aLength, "a", "A", $"[{M}, {K}]");
        LongEnough(BExtent, bLength, "b", "B", $"[{K}, {N}]");
        LongEnough(CExtent, cLength, "c", "C", $"[{M}, {N}]");
    }

    private void LongEnough(long needed, int length, string name, string matrix, string shape)
    {
        if (needed > length)
        {
            throw new ArgumentException(
                $"Span {name} is too short: {matrix} {shape} × batch {Batch} with these strides needs {needed} elements, got {length}.",
                name);
        }
    }

    private static void NotNegative(int value, string name)
    {
        if (value < 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative, got {value}.");
    }
}
