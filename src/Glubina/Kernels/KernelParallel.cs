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
    private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency / 5000; // 200 µs

    private static readonly object GrowLock = new();
    private static Worker[] _workers = [];
    private static int _busy;

    // The current job; written by the caller before any worker is assigned.
    private static delegate*<int, void*, void> _body;
    private static void* _state;
    private static Action<int>? _action;
    private static int _count;
    private static int _next;
    private static Exception? _error;

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
        _body = body;
        _state = state;
        _action = null;
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
        _body = null;
        _state = null;
        _action = body;
        RunJob(count, workers);
    }

    private static bool TryEnter() => !t_inside && Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    private static void RunJob(int count, int workers)
    {
        Worker[] pool = EnsureWorkers(workers);
        _count = count;
        _next = 0;
        _error = null;
        for (int w = 0; w < workers; w++)
            pool[w].Assign();

        RunItems();

        // A worker that has not started yet is taken back, so a sleeping worker costs the caller nothing;
        // a running one is waited for, so no worker still reads the job when the next one is written.
        for (int w = 0; w < workers; w++)
            pool[w].Join();

        Exception? error = _error;
        _action = null;
        _state = null;
        Volatile.Write(ref _busy, 0);
        if (error is not null)
            throw new AggregateException("A parallel kernel item failed.", error);
    }

    private static void RunItems()
    {
        t_inside = true;
        try
        {
            int count = _count;
            int i;
            while ((i = Interlocked.Increment(ref _next) - 1) < count)
            {
                try
                {
                    if (_action is { } action)
                        action(i);
                    else
                        _body(i, _state);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _error, e, null);
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
        Worker[] pool = _workers;
        if (pool.Length >= needed)
            return pool;
        lock (GrowLock)
        {
            pool = _workers;
            if (pool.Length < needed)
            {
                var grown = new Worker[needed];
                Array.Copy(pool, grown, pool.Length);
                for (int w = pool.Length; w < needed; w++)
                    grown[w] = new Worker(w);
                _workers = pool = grown;
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
            while (Volatile.Read(ref _jobState) != Idle)
                Thread.SpinWait(1);
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
            long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
            int spins = 0;
            while (Volatile.Read(ref _jobState) != Assigned)
            {
                // A tight spin (one pause per check) so a job is picked up within ~100 ns while the worker is hot.
                if (++spins % 256 != 0 || System.Diagnostics.Stopwatch.GetTimestamp() < deadline)
                {
                    Thread.SpinWait(1);
                    continue;
                }
                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _jobState) == Assigned && Interlocked.Exchange(ref _sleeping, 0) == 1)
                    return; // assigned while going to sleep; nobody released the semaphore
                _wake.Wait();
                deadline = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
            }
        }
    }
}
