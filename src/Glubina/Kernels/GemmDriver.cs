using System.Runtime.CompilerServices;

namespace Glubina.Kernels;

/// <summary>
/// The BLIS loops around one micro-kernel: jc (NC columns of B) → pc (KC deep; pack B) → ic (MC rows; pack A)
/// → jr (NR columns) → ir (MR rows) → micro-kernel. Specialised per kernel, so block sizes are constants.
/// Two departures, both measured: a row-major A is read in place rather than packed (see UseDirectA), and a
/// small packed B is packed for all of K up front so the rows of a tall A stream once (see Compute).
/// Threads split C into a grid of independent rectangles along M and/or N (never K), each a whole sub-GEMM,
/// so every element is the same multiply-add chain whatever the thread count: results are bit-identical.
/// </summary>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged
    where TKernel : struct, IGemmMicroKernel<T>
{
    // Packing one element costs roughly this many flops of micro-kernel time (an estimate; it only has to
    // rank the few grids ChooseGrid compares).
    private const long PackCostInFlops = 24;

    // Tasks are handed out dynamically, so more tasks than threads would balance a core slowed by another
    // process; on an idle machine the extra tasks cost more than they balance (docs/benchmarks.md), so 1.
    private const int MaxTasksPerThread = 1;

    // Packed B up to this size stays resident (in L2) across all K blocks; see Compute.
    private const long ResidentBBytes = 256 * 1024;

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
            DirectA = UseDirectA(aCs),
            GridM = 1, GridN = 1,
        };
        if (threads > 1 && 2L * m * n * k >= parallelMinFlops)
            (job.GridM, job.GridN) = ChooseGrid(m, n, k, aCs, threads);
        int tasks = job.GridM * job.GridN;
        if (tasks == 1)
            Compute(&job, 0, m, 0, n);
        else
            KernelParallel.For(tasks, threads, &RunTask, &job);
    }

    /// <summary>
    /// A row-major A (unit column stride) feeds the micro-kernel in place: the kernel reads MR rows with a row
    /// stride. Measured faster than packing at every benchmark shape (the pack is a transpose; the rows are
    /// read front to back, which the prefetcher follows), so only edge panels and other layouts are packed.
    /// </summary>
    private static bool UseDirectA(nint aCs) => aCs == 1;

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
    /// The grid of tasks (rows × columns of C) for <paramref name="threads"/> threads. A task's cost is its
    /// micro-kernel flops plus its packing (a column split repacks A in every task unless A is read in place,
    /// a row split repacks B); the makespan is the cost of the busiest thread. Among grids within 3% of the
    /// best makespan the one with the most tasks (up to <see cref="MaxTasksPerThread"/> per thread) wins.
    /// </summary>
    internal static (int GridM, int GridN) ChooseGrid(int m, int n, int k, nint aCs, int threads)
    {
        long panelsM = (m + TKernel.MR - 1) / TKernel.MR;
        long panelsN = (n + TKernel.NR - 1) / TKernel.NR;
        int maxTasks = MaxTasksPerThread * threads;
        Span<long> makespans = stackalloc long[maxTasks * maxTasks];
        long best = long.MaxValue;
        for (int gm = 1; gm <= maxTasks && gm <= panelsM; gm++)
        {
            for (int gn = 1; gm * gn <= maxTasks && gn <= panelsN; gn++)
            {
                long rows = (panelsM + gm - 1) / gm * TKernel.MR;
                long cols = (panelsN + gn - 1) / gn * TKernel.NR;
                long packA = UseDirectA(aCs) ? 0 : rows * k * ((cols + TKernel.NC - 1) / TKernel.NC);
                long task = 2 * rows * cols * k + PackCostInFlops * (packA + k * cols);
                long makespan = (gm * gn + threads - 1) / threads * task;
                makespans[(gm - 1) * maxTasks + gn - 1] = makespan;
                best = Math.Min(best, makespan);
            }
        }
        (int, int) choice = (1, 1);
        int mostTasks = 0;
        long chosen = long.MaxValue;
        for (int gm = 1; gm <= maxTasks && gm <= panelsM; gm++)
        {
            for (int gn = 1; gm * gn <= maxTasks && gn <= panelsN; gn++)
            {
                long makespan = makespans[(gm - 1) * maxTasks + gn - 1];
                int tasks = gm * gn;
                if (makespan <= best + best / 32 && (tasks > mostTasks || (tasks == mostTasks && makespan < chosen)))
                {
                    mostTasks = tasks;
                    chosen = makespan;
                    choice = (gm, gn);
                }
            }
        }
        return choice;
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compute(Job* job, int m0, int m1, int n0, int n1)
    {
        int mr = TKernel.MR, nr = TKernel.NR, k = job->K;
        // Equal K blocks (784 = 4 × 196, not 3 × 256 + 16): fewer short, overhead-heavy kernel calls.
        int kBlocks = (k + TKernel.KC - 1) / TKernel.KC;
        int kcStep = (k + kBlocks - 1) / kBlocks;
        int ncMax = Math.Min(TKernel.NC, (n1 - n0 + nr - 1) / nr * nr);
        int mcMax = Math.Min(TKernel.MC, (m1 - m0 + mr - 1) / mr * mr);
        // When all of packed B (k × nc) is small, pack every K block up front and walk the rows outermost:
        // a tall A (65536×288·288×32) is then streamed from memory once instead of once per K block.
        bool bResident = kBlocks > 1 && (long)k * ncMax * sizeof(T) <= ResidentBBytes;
        T* packedB = GemmBuffers<T>.B(bResident ? kBlocks * kcStep * ncMax : kcStep * ncMax);
        T* packedA = GemmBuffers<T>.A(kcStep * mcMax);
        T* tile = stackalloc T[mr * nr];

        for (int jc = n0; jc < n1; jc += TKernel.NC)
        {
            int nc = Math.Min(TKernel.NC, n1 - jc);
            if (bResident)
            {
                for (int q = 0; q < kBlocks; q++)
                {
                    int pc = q * kcStep;
                    GemmPacking.PackB<T, TKernel>(Math.Min(kcStep, k - pc), nc, job->B + pc * job->BRs + jc * job->BCs,
                        job->BRs, job->BCs, packedB + (nint)q * kcStep * ncMax);
                }
                for (int ic = m0; ic < m1; ic += TKernel.MC)
                {
                    for (int q = 0; q < kBlocks; q++)
                    {
                        int pc = q * kcStep;
                        MacroKernel(job, ic, Math.Min(TKernel.MC, m1 - ic), jc, nc, pc, Math.Min(kcStep, k - pc),
                            packedB + (nint)q * kcStep * ncMax, packedA, tile);
                    }
                }
                continue;
            }
            for (int pc = 0; pc < k; pc += kcStep)
            {
                int kc = Math.Min(kcStep, k - pc);
                GemmPacking.PackB<T, TKernel>(kc, nc, job->B + pc * job->BRs + jc * job->BCs, job->BRs, job->BCs, packedB);
                for (int ic = m0; ic < m1; ic += TKernel.MC)
                    MacroKernel(job, ic, Math.Min(TKernel.MC, m1 - ic), jc, nc, pc, kc, packedB, packedA, tile);
            }
        }
    }

    // A block rows [ic, ic+mc) × K block [pc, pc+kc), packed B block kc × nc → C block [ic.., jc..]: the jr and ir loops.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroKernel(Job* job, int ic, int mc, int jc, int nc, int pc, int kc, T* packedB, T* packedA, T* tile)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        nint aRs = job->ARs, aCs = job->ACs, ldc = job->Ldc;
        bool accumulate = job->Accumulate || pc > 0;
        T* aBlock = job->A + ic * aRs + pc * aCs;
        int fullRows = job->DirectA ? mc / mr * mr : 0;
        if (fullRows < mc)
            GemmPacking.PackA<T, TKernel>(mc - fullRows, kc, aBlock + fullRows * aRs, aRs, aCs, packedA + (nint)fullRows * kc);
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
                {
                    for (int i = 0; i < rows; i++)
                        GemmPacking.CopyPadded(cTile + i * ldc, tile + i * nr, cols, nr);
                }
                TKernel.Run(kc, aPanel, panelRs, panelCs, bPanel, tile, nr, accumulate);
                for (int i = 0; i < rows; i++)
                    GemmPacking.CopyShort(tile + i * nr, cTile + i * ldc, cols);
            }
        }
    }
}
