using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

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
            int j = start;
            // Four columns per pass over the row for float: with short rows (a recurrent layer's 128) one Dot call
            // per output spends more on its call and horizontal sum than on the multiply-adds.
            if (typeof(T) == typeof(float) && Lanes256.IsAccelerated)
            {
                float* a = (float*)job->A + (nint)i * job->ARow, cf = (float*)c, b = (float*)job->B;
                for (; j + 4 <= end; j += 4)
                    if (Lanes512.IsAccelerated)
                        FourDots<Vector512<float>, Lanes512>(a, b + (nint)j * job->BCol, job->BCol, k, cf + j, job->Accumulate);
                    else
                        FourDots<Vector256<float>, Lanes256>(a, b + (nint)j * job->BCol, job->BCol, k, cf + j, job->Accumulate);
            }
            for (; j < end; j++)
            {
                T dot = TensorPrimitives.Dot(row, new ReadOnlySpan<T>(job->B + (nint)j * job->BCol, k));
                c[j] = job->Accumulate ? c[j] + dot : dot;
            }
        }
    }

    // c[0..4) = (accumulate ? c : 0) + a · b_q for the four columns b_q = b + q·bCol, each k long
    private static void FourDots<TV, TL>(float* a, float* b, int bCol, int k, float* c, bool accumulate)
        where TV : unmanaged where TL : struct, IFloatLanes<TV>
    {
        TV s0 = TL.Broadcast(0f), s1 = s0, s2 = s0, s3 = s0;
        float* b1 = b + bCol, b2 = b1 + bCol, b3 = b2 + bCol;
        int p = 0;
        for (; p + TL.Count <= k; p += TL.Count)
        {
            TV x = TL.Load(a + p);
            s0 = TL.MultiplyAdd(x, TL.Load(b + p), s0);
            s1 = TL.MultiplyAdd(x, TL.Load(b1 + p), s1);
            s2 = TL.MultiplyAdd(x, TL.Load(b2 + p), s2);
            s3 = TL.MultiplyAdd(x, TL.Load(b3 + p), s3);
        }
        float d0 = TL.Sum(s0), d1 = TL.Sum(s1), d2 = TL.Sum(s2), d3 = TL.Sum(s3);
        for (; p < k; p++)
        {
            d0 += a[p] * b[p];
            d1 += a[p] * b1[p];
            d2 += a[p] * b2[p];
            d3 += a[p] * b3[p];
        }
        if (accumulate)
        {
            c[0] += d0;
            c[1] += d1;
            c[2] += d2;
            c[3] += d3;
        }
        else
            (c[0], c[1], c[2], c[3]) = (d0, d1, d2, d3);
    }
}
