namespace Glubina.Kernels;

/// <summary>
/// Runs the matrices of a batched GEMM: small ones in parallel across the batch (one thread each), large
/// ones one after another with the threads inside each. Either way each C element gets the same arithmetic.
/// </summary>
internal static unsafe class GemmBatch<T>
    where T : unmanaged
{
    private struct Job
    {
        public GemmShape Shape;
        public T* A, B, C;
        public bool Accumulate;
        public delegate*<int, int, int, T*, nint, nint, T*, nint, nint, T*, nint, bool, int, long, void> Run;
    }

    // a: [batch,m,k], b: [batch,k,n] → c: [batch,m,n]; shape validated and not empty.
    public static void Run(in GemmShape shape, T* a, T* b, T* c, bool accumulate, int threads,
        delegate*<int, int, int, T*, nint, nint, T*, nint, nint, T*, nint, bool, int, long, void> run)
    {
        if (shape.K == 0)
        {
            if (!accumulate)
            {
                int batches = shape.CBatchStride == 0 ? 1 : shape.Batch;
                for (int i = 0; i < batches; i++)
                    Zero(c + (nint)i * shape.CBatchStride, shape.M, shape.N, shape.Ldc);
            }
            return;
        }
        var job = new Job { Shape = shape, A = a, B = b, C = c, Accumulate = accumulate, Run = run };
        long flopsEach = 2L * shape.M * shape.N * shape.K;
        if (shape.Batch > 1 && shape.CBatchStride != 0 && threads > 1 && flopsEach < Gemm.ParallelMinFlops
            && flopsEach * shape.Batch >= Gemm.ParallelMinFlops)
        {
            KernelParallel.For(shape.Batch, threads, &RunOneSerial, &job);
            return;
        }
        for (int i = 0; i < shape.Batch; i++)
        {
            // With a C batch stride of 0 every product is summed into the one C, in batch order.
            RunOne(&job, i, accumulate || (shape.CBatchStride == 0 && i > 0), threads);
        }
    }

    private static void RunOneSerial(int index, void* state) =>
        RunOne((Job*)state, index, ((Job*)state)->Accumulate, 1);

    private static void RunOne(Job* job, int index, bool accumulate, int threads)
    {
        ref readonly GemmShape s = ref job->Shape;
        job->Run(s.M, s.N, s.K,
            job->A + (nint)index * s.ABatchStride, s.ARowStride, s.AColStride,
            job->B + (nint)index * s.BBatchStride, s.BRowStride, s.BColStride,
            job->C + (nint)index * s.CBatchStride, s.Ldc, accumulate, threads, Gemm.ParallelMinFlops);
    }

    private static void Zero(T* c, int m, int n, nint ldc)
    {
        for (int i = 0; i < m; i++)
            new Span<T>(c + i * ldc, n).Clear();
    }
}
