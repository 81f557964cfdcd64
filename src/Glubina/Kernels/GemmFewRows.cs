using System.Numerics;
using System.Numerics.Tensors;

namespace Glubina.Kernels;

/// <summary>
/// GEMM for a handful of rows of A against a B whose columns are contiguous (the transposed weight of a linear
/// layer): each output is one dot product, so nothing is packed. At batch 1 packing B would cost more than the
/// product itself (a 784×256 weight is re-laid out for 200k multiply-adds), which is what made single-example
/// inference slow. The split is over columns only, so results do not depend on the thread count.
/// </summary>
internal static unsafe class GemmFewRows<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>At most this many rows of A take this path.</summary>
    public const int MaxRows = 4;

    private const int ColumnsPerTask = 64;
    private const long ParallelWork = 1 << 16;

    private struct Job
    {
        public T* A, B, C;
        public int M, N, K, ARow, BCol, Ldc;
        public bool Accumulate;
    }

    /// <summary>Whether the call fits this path: one matrix, few rows, A rows and B columns contiguous.</summary>
    public static bool Applies(in GemmShape s) =>
        s.Batch == 1 && s.M <= MaxRows && s.K >= 8 && s.AColStride == 1 && s.BRowStride == 1;

    // a: [m, k] (row stride aRow), b: [k, n] (column stride bCol, rows contiguous within a column) → c: [m, n]
    public static void Run(in GemmShape s, T* a, T* b, T* c, bool accumulate, int threads)
    {
        var job = new Job
        {
            A = a, B = b, C = c, M = s.M, N = s.N, K = s.K, ARow = s.ARowStride, BCol = s.BColStride, Ldc = s.Ldc,
            Accumulate = accumulate,
        };
        int tasks = (s.N + ColumnsPerTask - 1) / ColumnsPerTask;
        bool parallel = threads > 1 && tasks > 1 && (long)s.M * s.N * s.K >= ParallelWork;
        if (!parallel)
            Columns(0, s.N, &job);
        else
            KernelParallel.For(tasks, threads, &Task, &job);
    }

    private static void Task(int index, void* state)
    {
        var job = (Job*)state;
        int start = index * ColumnsPerTask;
        Columns(start, Math.Min(job->N, start + ColumnsPerTask), job);
    }

    private static void Columns(int start, int end, Job* job)
    {
        int k = job->K;
        for (int i = 0; i < job->M; i++)
        {
            var row = new ReadOnlySpan<T>(job->A + (nint)i * job->ARow, k);
            T* c = job->C + (nint)i * job->Ldc;
            for (int j = start; j < end; j++)
            {
                T dot = TensorPrimitives.Dot(row, new ReadOnlySpan<T>(job->B + (nint)j * job->BCol, k));
                c[j] = job->Accumulate ? c[j] + dot : dot;
            }
        }
    }
}
