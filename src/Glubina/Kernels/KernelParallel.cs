namespace Glubina.Kernels;

/// <summary>
/// A small parallel-for for kernels: runs items [0, count) on the calling thread plus up to
/// <c>threads - 1</c> persistent background workers. Workers spin briefly after a job so that back-to-back
/// kernel calls (a training step) do not pay a thread wake-up each, then sleep on a semaphore.
/// Nested calls (from inside an item) and calls that find the pool busy with another caller run serially on
/// the calling thread, so the helper never deadlocks and never oversubscribes the cores.
/// Items must write disjoint outputs; which thread runs which item is not fixed.
/// </summary>
internal static unsafe class KernelParallel
{
    // Worker states: idle → assigned (by the caller) → running (by the worker) → idle.
    private const int Idle = 0;
    private const int Assigned = 1;
    private const int Running = 2;

    // How long an idle worker spins for the next job before it sleeps.
    private static readonly long s_spinTicks = System.Diagnostics.Stopwatch.Frequency / 5000; // 200 µs

    private static readonly object s_growLock = new();
    private static Worker[] s_workers = [];
    private static int s_busy;

    // The current job; written by the caller before any worker is assigned.
    private static delegate*<int, void*, void> s_body;
    private static void* s_state;
    private static Action<int>? s_action;
    private static int s_count;
    private static int s_next;
    private static Exception? s_error;

    [ThreadStatic]
    private static bool t_inside;

    /// <summary>Runs <paramref name="body"/>(i, <paramref name="state"/>) for every i in [0, count) on up to
    /// <paramref name="threads"/> threads, the caller included; returns when all items are done.</summary>
    public static void For(int count, int threads, delegate*<int, void*, void> body, void* state)
    {
        if (count <= 0)
            return;
        int workers = Math.Min(threads, count) - 1;
        if (workers <= 0 || !TryEnter())
        {
            for (int i = 0; i < count; i++)
                body(i, state);
            return;
        }
        s_body = body;
        s_state = state;
        s_action = null;
        RunJob(count, workers);
    }

    /// <summary>Runs <paramref name="body"/>(i) for every i in [0, count) on up to
    /// <see cref="KernelThreads.Count"/> threads, the caller included.</summary>
    public static void For(int count, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (count <= 0)
            return;
        int workers = Math.Min(KernelThreads.Count, count) - 1;
        if (workers <= 0 || !TryEnter())
        {
            for (int i = 0; i < count; i++)
                body(i);
            return;
        }
        s_body = null;
        s_state = null;
        s_action = body;
        RunJob(count, workers);
    }

    /// <summary>Part <paramref name="part"/> of [0, <paramref name="count"/>) cut into <paramref name="parts"/>
    /// contiguous ranges as even as integers allow.</summary>
    public static (int Start, int End) Range(int count, int parts, int part) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    private static bool TryEnter() => !t_inside && Interlocked.CompareExchange(ref s_busy, 1, 0) == 0;

    private static void RunJob(int count, int workers)
    {
        Worker[] pool = EnsureWorkers(workers);
        s_count = count;
        s_next = 0;
        s_error = null;
        for (int w = 0; w < workers; w++)
            pool[w].Assign();

        RunItems();

        // A worker that has not started yet is taken back, so a sleeping worker costs the caller nothing;
        // a running one is waited for, so no worker still reads the job when the next one is written.
        for (int w = 0; w < workers; w++)
            pool[w].Join();

        Exception? error = s_error;
        s_action = null;
        s_state = null;
        Volatile.Write(ref s_busy, 0);
        if (error is not null)
            throw new AggregateException("A parallel kernel item failed.", error);
    }

    private static void RunItems()
    {
        t_inside = true;
        try
        {
            int count = s_count;
            int i;
            while ((i = Interlocked.Increment(ref s_next) - 1) < count)
            {
                try
                {
                    if (s_action is { } action)
                        action(i);
                    else
                        s_body(i, s_state);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref s_error, e, null);
                }
            }
        }
        finally
        {
            t_inside = false;
        }
    }

    private static Worker[] EnsureWorkers(int needed)
    {
        Worker[] pool = s_workers;
        if (pool.Length >= needed)
            return pool;
        lock (s_growLock)
        {
            pool = s_workers;
            if (pool.Length < needed)
            {
                var grown = new Worker[needed];
                Array.Copy(pool, grown, pool.Length);
                for (int w = pool.Length; w < needed; w++)
                    grown[w] = new Worker(w);
                s_workers = pool = grown;
            }
        }
        return pool;
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _wake = new(0);
        private int _jobState;
        private int _sleeping;

        public Worker(int index)
        {
            var thread = new Thread(Loop)
            {
                IsBackground = true,
                Name = $"Glubina kernel worker {index + 1}",
            };
            thread.Start();
        }

        public void Assign()
        {
            Volatile.Write(ref _jobState, Assigned);
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
                _wake.Release();
        }

        public void Join()
        {
            if (Interlocked.CompareExchange(ref _jobState, Idle, Assigned) == Assigned)
                return;
            // The worker's share is about as long as the caller's, so spin; yield if it was descheduled.
            for (int spins = 0; Volatile.Read(ref _jobState) != Idle; spins++)
            {
                if (spins >= 1 << 16)
                    Thread.Yield();
            }
        }

        private void Loop()
        {
            while (true)
            {
                WaitForJob();
                if (Interlocked.CompareExchange(ref _jobState, Running, Assigned) != Assigned)
                    continue; // the caller finished every item itself and took the job back
                RunItems();
                Volatile.Write(ref _jobState, Idle);
            }
        }

        private void WaitForJob()
        {
            long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + s_spinTicks;
            int spins = 0;
            while (Volatile.Read(ref _jobState) != Assigned)
            {
                // A tight spin so a job is picked up within a fraction of a microsecond while the worker is hot;
                // the clock is read every 256 checks only.
                if (++spins % 256 != 0 || System.Diagnostics.Stopwatch.GetTimestamp() < deadline)
                    continue;
                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _jobState) == Assigned && Interlocked.Exchange(ref _sleeping, 0) == 1)
                    return; // assigned while going to sleep; nobody released the semaphore
                _wake.Wait();
                deadline = System.Diagnostics.Stopwatch.GetTimestamp() + s_spinTicks;
            }
        }
    }
}
