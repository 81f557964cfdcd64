namespace Glubina.Kernels;

/// <summary>
/// The BLIS loops around one micro-kernel: jc (NC columns of B) → pc (KC deep; pack B) → ic (MC rows; pack A)
/// → jr (NR columns) → ir (MR rows) → micro-kernel. Specialised per kernel, so block sizes are constants.
/// Threads split C into a grid of independent rectangles along M and/or N (never K), each a whole sub-GEMM,
/// so every element is the same FMA chain whatever the thread count: results are bit-identical.
/// </summary>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged
    where TKernel : struct, IGemmMicroKernel<T>
{
    // Packing one element costs about this many flops of micro-kernel time (measured on Zen 5, AVX2).
    private const long PackCostInFlops = 24;

    /// <summary>Everything a task needs; lives on the caller's stack while the tasks run.</summary>
    private struct Job
    {
        public int M, N, K;
        public T* A, B, C;
        public nint ARs, ACs, BRs, BCs, Ldc;
        public bool Accumulate, DirectA;
        public int GridM, GridN;
    }

    // a: [m,k] strided, b: [k,n] strided → c: [m,n] row stride ldc; c = (accumulate ? c : 0) + a·b; k ≥ 1.
    public static void Run(int m, int n, int k, T* a, nint aRs, nint aCs, T* b, nint bRs, nint bCs,
        T* c, nint ldc, bool accumulate, int threads, long parallelMinFlops)
    {
        var job = new Job
        {
            M = m, N = n, K = k, A = a, B = b, C = c,
            ARs = aRs, ACs = aCs, BRs = bRs, BCs = bCs, Ldc = ldc,
            Accumulate = accumulate,
            DirectA = UseDirectA(m, n, aCs),
            GridM = 1, GridN = 1,
        };
        if (threads > 1 && 2L * m * n * k >= parallelMinFlops)
            (job.GridM, job.GridN) = ChooseGrid(m, n, k, threads);
        int tasks = job.GridM * job.GridN;
        if (tasks == 1)
            Compute(&job, 0, m, 0, n);
        else
            KernelParallel.For(tasks, tasks, &RunTask, &job);
    }

    /// <summary>
    /// A row-major A (unit column stride) can feed the micro-kernel in place: the kernel reads MR rows with
    /// a row stride, which saves the pack when each A panel is used by few B panels (small N).
    /// </summary>
    private static bool UseDirectA(int m, int n, nint aCs) => aCs == 1 && m >= TKernel.MR;

    private static void RunTask(int index, void* state)
    {
        Job* job = (Job*)state;
        int gi = index / job->GridN, gj = index % job->GridN;
        // Split on MR/NR boundaries so that no tile straddles two tasks.
        int panelsM = (job->M + TKernel.MR - 1) / TKernel.MR;
        int panelsN = (job->N + TKernel.NR - 1) / TKernel.NR;
        int m0 = Math.Min(job->M, (int)((long)panelsM * gi / job->GridM) * TKernel.MR);
        int m1 = Math.Min(job->M, (int)((long)panelsM * (gi + 1) / job->GridM) * TKernel.MR);
        int n0 = Math.Min(job->N, (int)((long)panelsN * gj / job->GridN) * TKernel.NR);
        int n1 = Math.Min(job->N, (int)((long)panelsN * (gj + 1) / job->GridN) * TKernel.NR);
        if (m0 < m1 && n0 < n1)
            Compute(job, m0, m1, n0, n1);
    }

    /// <summary>
    /// The grid (rows × columns of tasks, at most <paramref name="threads"/>) with the least time on the
    /// busiest thread: its micro-kernel flops plus its packing (a column split repacks A in every task, a
    /// row split repacks B).
    /// </summary>
    internal static (int GridM, int GridN) ChooseGrid(int m, int n, int k, int threads)
    {
        long panelsM = (m + TKernel.MR - 1) / TKernel.MR;
        long panelsN = (n + TKernel.NR - 1) / TKernel.NR;
        (int, int) best = (1, 1);
        long bestCost = long.MaxValue;
        for (int gm = 1; gm <= threads && gm <= panelsM; gm++)
        {
            for (int gn = 1; gm * gn <= threads && gn <= panelsN; gn++)
            {
                long rows = (panelsM + gm - 1) / gm * TKernel.MR;
                long cols = (panelsN + gn - 1) / gn * TKernel.NR;
                long packA = UseDirectA((int)Math.Min(rows, m), (int)Math.Min(cols, n), 1) ? 0 : rows * k;
                long cost = 2 * rows * cols * k + PackCostInFlops * (packA * ((cols + TKernel.NC - 1) / TKernel.NC) + k * cols);
                if (cost < bestCost)
                {
                    bestCost = cost;
                    best = (gm, gn);
                }
            }
        }
        return best;
    }

    private static void Compute(Job* job, int m0, int m1, int n0, int n1)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int kcMax = Math.Min(TKernel.KC, job->K);
        int ncMax = Math.Min(TKernel.NC, (n1 - n0 + nr - 1) / nr * nr);
        int mcMax = Math.Min(TKernel.MC, (m1 - m0 + mr - 1) / mr * mr);
        T* packedB = GemmBuffers<T>.B(kcMax * ncMax);
        T* packedA = GemmBuffers<T>.A(kcMax * mcMax);
        T* tile = stackalloc T[mr * nr];
        nint aRs = job->ARs, aCs = job->ACs, ldc = job->Ldc;
        bool direct = job->DirectA;

        for (int jc = n0; jc < n1; jc += TKernel.NC)
        {
            int nc = Math.Min(TKernel.NC, n1 - jc);
            for (int pc = 0; pc < job->K; pc += TKernel.KC)
            {
                int kc = Math.Min(TKernel.KC, job->K - pc);
                bool accumulate = job->Accumulate || pc > 0;
                GemmPacking.PackB<T, TKernel>(kc, nc, job->B + pc * job->BRs + jc * job->BCs, job->BRs, job->BCs, packedB);
                for (int ic = m0; ic < m1; ic += TKernel.MC)
                {
                    int mc = Math.Min(TKernel.MC, m1 - ic);
                    T* aBlock = job->A + ic * aRs + pc * aCs;
                    int fullRows = direct ? mc / mr * mr : 0;
                    if (fullRows < mc)
                    {
                        GemmPacking.PackA<T, TKernel>(mc - fullRows, kc, aBlock + fullRows * aRs, aRs, aCs,
                            packedA + (nint)fullRows * kc);
                    }
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        T* bPanel = packedB + (nint)jr * kc;
                        T* cBlock = job->C + ic * ldc + jc + jr;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            T* aPanel;
                            nint panelRs, panelCs;
                            if (ir < fullRows)
                            {
                                aPanel = aBlock + ir * aRs;
                                panelRs = aRs;
                                panelCs = aCs;
                            }
                            else
                            {
                                aPanel = packedA + (nint)ir * kc;
                                panelRs = 1;
                                panelCs = mr;
                            }
                            T* cTile = cBlock + ir * ldc;
                            if (rows == mr && cols == nr)
                            {
                                TKernel.Run(kc, aPanel, panelRs, panelCs, bPanel, cTile, ldc, accumulate);
                                continue;
                            }
                            // Edge tile: run the same kernel on a full-size copy so the arithmetic is unchanged.
                            if (accumulate)
                                CopyTile(cTile, ldc, tile, nr, rows, cols);
                            TKernel.Run(kc, aPanel, panelRs, panelCs, bPanel, tile, nr, accumulate);
                            CopyTile(tile, nr, cTile, ldc, rows, cols);
                        }
                    }
                }
            }
        }
    }

    private static void CopyTile(T* src, nint srcStride, T* dst, nint dstStride, int rows, int cols)
    {
        for (int i = 0; i < rows; i++)
            new ReadOnlySpan<T>(src + i * srcStride, cols).CopyTo(new Span<T>(dst + i * dstStride, cols));
    }
}
